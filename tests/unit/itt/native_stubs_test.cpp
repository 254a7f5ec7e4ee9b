// Native mark stubs: the exact bytes SDE/Pin and cpuid-trapping tools match,
// and (on x86-64 Linux) that calling them returns with the registers intact.
#include "itt/native_stubs.h"

#include <gtest/gtest.h>

namespace witt::itt {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(NativeStubBytes, Ssc) {
  EXPECT_EQ(sscStubBytes(0x12), (Bytes{0x53,                          // push rbx
                                       0xBB, 0x12, 0x00, 0x00, 0x00,  // mov ebx, 0x12
                                       0x64, 0x67, 0x90,              // SSC marker
                                       0x5B,                          // pop rbx
                                       0xC3}));                       // ret
  EXPECT_EQ(sscStubBytes(0xDEADBEEF),
            (Bytes{0x53, 0xBB, 0xEF, 0xBE, 0xAD, 0xDE, 0x64, 0x67, 0x90, 0x5B, 0xC3}));
}

TEST(NativeStubBytes, Cpuid) {
  EXPECT_EQ(cpuidMarkValue(0x12), 0x00124711u);
  EXPECT_EQ(cpuidMarkValue(0x12345), 0x23454711u);  // only the low 16 bits of the id survive
  EXPECT_EQ(cpuidStubBytes(0x12), (Bytes{0x50, 0x53, 0x51, 0x52,        // push rax, rbx, rcx, rdx
                                         0xB8, 0x11, 0x47, 0x12, 0x00,  // mov eax, 0x00124711
                                         0x0F, 0xA2,                    // cpuid
                                         0x5A, 0x59, 0x5B, 0x58,        // pop rdx, rcx, rbx, rax
                                         0xC3}));                       // ret
}

TEST(NativeStubMode, Parse) {
  EXPECT_EQ(*parseNativeMarkMode("ssc"), NativeMarkMode::Ssc);
  EXPECT_EQ(*parseNativeMarkMode("cpuid"), NativeMarkMode::Cpuid);
  EXPECT_EQ(*parseNativeMarkMode("none"), NativeMarkMode::None);
  EXPECT_FALSE(parseNativeMarkMode("int3").ok());
}

TEST(NativeStubRun, NoneDoesNothing) {
  auto nm = NativeMarks::create(NativeMarkMode::None, {});
  ASSERT_TRUE(nm.ok());
  (*nm)->fire(5);
  EXPECT_EQ((*nm)->fired(), 0u);
  EXPECT_EQ((*nm)->stub(5), nullptr);
}

#if defined(__x86_64__) && defined(__linux__)

// Calls `fn` with rax, rbx, rcx, rdx set to known values and returns them as
// they are after the call. The red zone below rsp is skipped first: the
// call's return address would overwrite whatever the compiler keeps there.
std::array<uint64_t, 4> callAndReadRegisters(NativeMarks::StubFn fn) {
  std::array<uint64_t, 4> regs{};
  asm volatile(
      "sub $128, %%rsp\n\t"
      "movabs $0x1111111111111111, %%rax\n\t"
      "movabs $0x2222222222222222, %%rbx\n\t"
      "movabs $0x3333333333333333, %%rcx\n\t"
      "movabs $0x4444444444444444, %%rdx\n\t"
      "call *%[fn]\n\t"
      "mov %%rax, 0(%[out])\n\t"
      "mov %%rbx, 8(%[out])\n\t"
      "mov %%rcx, 16(%[out])\n\t"
      "mov %%rdx, 24(%[out])\n\t"
      "add $128, %%rsp"
      :
      : [fn] "r"(fn), [out] "r"(regs.data())
      : "rax", "rbx", "rcx", "rdx", "memory", "cc");
  return regs;
}

constexpr std::array<uint64_t, 4> kSet = {0x1111111111111111, 0x2222222222222222,
                                          0x3333333333333333, 0x4444444444444444};

TEST(NativeStubRun, SscStubsRunAndPreserveRbx) {
  ASSERT_TRUE(nativeMarksSupported());
  const uint32_t ids[] = {0x11, 0x12, 0x13, 0x11};
  auto nm = NativeMarks::create(NativeMarkMode::Ssc, ids);
  ASSERT_TRUE(nm.ok()) << nm.error().message;
  for (uint32_t id : {0x11u, 0x12u, 0x13u}) {
    SCOPED_TRACE(id);
    ASSERT_NE((*nm)->stub(id), nullptr);
    // The bytes in executable memory are exactly the specified ones.
    std::span<const uint8_t> code = (*nm)->stubCode(id);
    EXPECT_EQ(Bytes(code.begin(), code.end()), sscStubBytes(id));
    std::array<uint64_t, 4> after = callAndReadRegisters((*nm)->stub(id));
    EXPECT_EQ(after[1], kSet[1]) << "rbx not restored";
  }
  (*nm)->fire(0x12);
  (*nm)->fire(0x13);
  EXPECT_EQ((*nm)->fired(), 2u);
}

TEST(NativeStubRun, CpuidStubsRunAndPreserveRegisters) {
  const uint32_t ids[] = {0x1234};
  auto nm = NativeMarks::create(NativeMarkMode::Cpuid, ids);
  ASSERT_TRUE(nm.ok()) << nm.error().message;
  std::span<const uint8_t> code = (*nm)->stubCode(0x1234);
  EXPECT_EQ(Bytes(code.begin(), code.end()), cpuidStubBytes(0x1234));
  EXPECT_EQ(callAndReadRegisters((*nm)->stub(0x1234)), kSet);
  (*nm)->fire(0x1234);
  EXPECT_EQ((*nm)->fired(), 1u);
}

TEST(NativeStubRun, UnknownIdsGetAStubOnFirstUse) {
  auto nm = NativeMarks::create(NativeMarkMode::Ssc, {});
  ASSERT_TRUE(nm.ok());
  EXPECT_EQ((*nm)->stub(77), nullptr);
  (*nm)->fire(77);
  ASSERT_NE((*nm)->stub(77), nullptr);
  std::span<const uint8_t> code = (*nm)->stubCode(77);
  EXPECT_EQ(Bytes(code.begin(), code.end()), sscStubBytes(77));
  EXPECT_EQ(callAndReadRegisters((*nm)->stub(77))[1], kSet[1]);
  (*nm)->fire(77);
  EXPECT_EQ((*nm)->fired(), 2u);
}

TEST(NativeStubRun, ManyIdsSpanSeveralPages) {
  std::vector<uint32_t> ids;
  for (uint32_t i = 0; i < 1000; ++i) ids.push_back(i * 7);
  auto nm = NativeMarks::create(NativeMarkMode::Ssc, ids);
  ASSERT_TRUE(nm.ok());
  for (uint32_t id : ids) (*nm)->fire(id);
  EXPECT_EQ((*nm)->fired(), 1000u);
  std::span<const uint8_t> code = (*nm)->stubCode(999 * 7);
  EXPECT_EQ(Bytes(code.begin(), code.end()), sscStubBytes(999 * 7));
}

#else

TEST(NativeStubRun, UnsupportedHost) {
  EXPECT_FALSE(nativeMarksSupported());
  auto nm = NativeMarks::create(NativeMarkMode::Ssc, {});
  ASSERT_FALSE(nm.ok());
  EXPECT_NE(nm.error().message.find("unsupported on this host"), std::string::npos);
}

#endif

}  // namespace
}  // namespace witt::itt
