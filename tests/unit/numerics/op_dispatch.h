// Test-side view of the pure operators through the opcode table: for every
// opcode of src/spec/opcodes.def marked WITT_PURE, the exact C++ function type that
// witt::num::Ident must have, a compile-time check that it has it, and a runtime invoker taking raw
// bits, used by the spec-derived test tables.
//
// The trick that makes the X-macro usable for every opcode: a fallback function
// template `NotImplemented Ident(const A&...)` is declared in witt::num for
// every opcode. Real operators are non-templates of the exact parameter types,
// so they always win overload resolution and address-of resolution; an opcode
// without a real operator resolves to the fallback, which no exact function
// pointer type accepts.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "interp/numerics.h"
#include "interp/simd.h"
#include "spec/opcode.h"
#include "witt/value.h"

namespace witt::num {
struct NotImplemented {};
#define WITT_OP(ident, prefix, code, name, imm, sig, align) \
  template <class... A>                                     \
  constexpr NotImplemented ident(const A&...) {             \
    return {};                                              \
  }
#include "spec/opcodes.def"
#undef WITT_OP
}  // namespace witt::num

namespace witt::numtest {

// Pure operators: the WITT_PURE entries of opcodes.def, for which the
// interpreter generates its handlers from witt::num.
inline constexpr std::array<bool, kOpCount> kPure = {{
#define WITT_OP(ident, prefix, code, name, imm, sig, align) false,
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) true,
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
}};
constexpr bool isPureOp(Op op) { return kPure[static_cast<size_t>(op)]; }

// The rule the brief states for purity: a non-empty signature without a memory
// operand, and not a *.const. Checked to agree with WITT_PURE.
constexpr bool hasPureSignature(Op op) {
  std::string_view sig = info(op).sig;
  return !sig.empty() && sig.find('a') == std::string_view::npos &&
         !info(op).name.ends_with(".const");
}

// The operators that can trap (return num::Checked<T>).
constexpr bool canTrap(Op op) {
  switch (op) {
    case Op::I32DivS:
    case Op::I32DivU:
    case Op::I32RemS:
    case Op::I32RemU:
    case Op::I64DivS:
    case Op::I64DivU:
    case Op::I64RemS:
    case Op::I64RemU:
    case Op::I32TruncF32S:
    case Op::I32TruncF32U:
    case Op::I32TruncF64S:
    case Op::I32TruncF64U:
    case Op::I64TruncF32S:
    case Op::I64TruncF32U:
    case Op::I64TruncF64S:
    case Op::I64TruncF64U: return true;
    default: return false;
  }
}

struct NoType {};
template <char C>
struct LetterT {
  using type = NoType;
};
template <>
struct LetterT<'i'> {
  using type = uint32_t;
};
template <>
struct LetterT<'l'> {
  using type = uint64_t;
};
template <>
struct LetterT<'f'> {
  using type = float;
};
template <>
struct LetterT<'d'> {
  using type = double;
};
template <>
struct LetterT<'v'> {
  using type = V128;
};

template <Op op, size_t I>
using ParamT = typename LetterT<signature(op).params[I]>::type;
template <class T>
using PassT = std::conditional_t<std::is_same_v<T, V128>, const V128&, T>;

template <Op op>
struct ResultOf {
  static constexpr OpSignature s = signature(op);
  using One = typename LetterT<s.results[0]>::type;
  using type = std::conditional_t<s.numResults == 2, std::pair<uint64_t, uint64_t>,
                                  std::conditional_t<canTrap(op), num::Checked<One>, One>>;
};
template <Op op>
using ResultT = typename ResultOf<op>::type;

template <Op op, class Seq>
struct FnPtrImpl;
template <Op op, size_t... I>
struct FnPtrImpl<op, std::index_sequence<I...>> {
  static constexpr Imm kImm = info(op).imm;
  using type =
      std::conditional_t<kImm == Imm::Lane, ResultT<op> (*)(PassT<ParamT<op, I>>..., uint8_t),
                         std::conditional_t<kImm == Imm::Shuffle,
                                            ResultT<op> (*)(PassT<ParamT<op, I>>..., const V128&),
                                            ResultT<op> (*)(PassT<ParamT<op, I>>...)>>;
};
// The exact type of witt::num::Ident for a pure opcode.
template <Op op>
using FnPtr = typename FnPtrImpl<op, std::make_index_sequence<signature(op).numParams>>::type;

// ---- raw values: every operand and result as 16 bytes, scalars in the low bytes
template <class T>
T fromRaw(const V128& r) {
  T v;
  std::memcpy(&v, r.bytes, sizeof(T));
  return v;
}
template <class T>
V128 toRaw(const T& v) {
  V128 r;
  std::memcpy(r.bytes, &v, sizeof(T));
  return r;
}

struct Outcome {
  TrapKind trap = TrapKind::None;
  int numResults = 0;
  V128 results[2];
};

// args: the operands in order, then for lane ops a V128 whose byte 0 is the
// lane index, for i8x16.shuffle a V128 of the 16 lane indices.
using Invoker = Outcome (*)(const V128* args);

template <Op op, class Get, size_t... I>
Outcome invokeImpl(const V128* args, std::index_sequence<I...>) {
  constexpr FnPtr<op> fn = Get{}.template operator()<FnPtr<op>>();
  constexpr size_t n = sizeof...(I);
  Outcome out;
  auto call = [&] {
    if constexpr (info(op).imm == Imm::Lane)
      return fn(fromRaw<ParamT<op, I>>(args[I])..., args[n].bytes[0]);
    else if constexpr (info(op).imm == Imm::Shuffle)
      return fn(fromRaw<ParamT<op, I>>(args[I])..., args[n]);
    else
      return fn(fromRaw<ParamT<op, I>>(args[I])...);
  };
  auto r = call();
  using R = decltype(r);
  if constexpr (std::is_same_v<R, std::pair<uint64_t, uint64_t>>) {
    out.numResults = 2;
    out.results[0] = toRaw(r.first);
    out.results[1] = toRaw(r.second);
  } else if constexpr (canTrap(op)) {
    out.trap = r.trap;
    if (r.trap == TrapKind::None) {
      out.numResults = 1;
      out.results[0] = toRaw(r.value);
    }
  } else {
    out.numResults = 1;
    out.results[0] = toRaw(r);
  }
  return out;
}

template <Op op, class Get>
constexpr Invoker makeInvoker() {
  if constexpr (isPureOp(op)) {
    return [](const V128* args) {
      return invokeImpl<op, Get>(args, std::make_index_sequence<signature(op).numParams>{});
    };
  } else {
    return nullptr;
  }
}

// One struct per opcode naming its operator: `exists<P>` says whether
// witt::num::Ident converts to the exact function pointer type P (a
// substitution failure, hence false, when it is missing or has another type);
// get<P>() is only instantiated for pure opcodes.
#define WITT_OP(ident, prefix, code, name, imm, sig, align) \
  struct Get_##ident {                                      \
    template <class P>                                      \
    static constexpr bool exists = requires {               \
      static_cast<P>(&::witt::num::ident);                  \
    };                                                      \
    template <class P>                                      \
    constexpr P operator()() const {                        \
      return static_cast<P>(&::witt::num::ident);           \
    }                                                       \
  };
#include "spec/opcodes.def"
#undef WITT_OP

inline constexpr std::array<Invoker, kOpCount> kInvokers = {{
#define WITT_OP(ident, prefix, code, name, imm, sig, align) makeInvoker<Op::ident, Get_##ident>(),
#include "spec/opcodes.def"
#undef WITT_OP
}};

}  // namespace witt::numtest
