#include "wast/spectest.h"

#include <cinttypes>
#include <cstdio>

namespace witt::wast {
namespace {

std::string printValue(const Value& v) {
  char buf[64];
  switch (v.type.kind) {
    case ValType::I32:
      std::snprintf(buf, sizeof buf, "%" PRId32 " : i32", static_cast<int32_t>(v.i32));
      break;
    case ValType::I64:
      std::snprintf(buf, sizeof buf, "%" PRId64 " : i64", static_cast<int64_t>(v.i64));
      break;
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "%g : f32", static_cast<double>(v.f32));
      break;
    case ValType::F64: std::snprintf(buf, sizeof buf, "%g : f64", v.f64); break;
    default: return toString(v);
  }
  return buf;
}

}  // namespace

void addSpectest(Imports& imports, std::ostream* out) {
  auto printer = [out](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void> {
    if (out)
      for (const Value& v : args) *out << printValue(v) << "\n";
    return {};
  };
  using V = ValType;
  struct Print {
    const char* name;
    std::vector<ValType> params;
  };
  const Print prints[] = {
      {"print", {}},
      {"print_i32", {V::I32}},
      {"print_i64", {V::I64}},
      {"print_f32", {V::F32}},
      {"print_f64", {V::F64}},
      {"print_i32_f32", {V::I32, V::F32}},
      {"print_f64_f64", {V::F64, V::F64}},
  };
  for (const Print& p : prints)
    imports.addFunction("spectest", p.name, FuncType{p.params, {}}, printer);

  imports.add("spectest", "global_i32",
              Extern::of(createGlobal(GlobalType{V::I32, false}, Value::fromI32(666))));
  imports.add("spectest", "global_i64",
              Extern::of(createGlobal(GlobalType{V::I64, false}, Value::fromI64(666))));
  imports.add("spectest", "global_f32",
              Extern::of(createGlobal(GlobalType{V::F32, false}, Value::fromF32(666.6f))));
  imports.add("spectest", "global_f64",
              Extern::of(createGlobal(GlobalType{V::F64, false}, Value::fromF64(666.6))));

  TableType table;
  table.elem = ValType::funcref();
  table.limits.min = 10;
  table.limits.max = 20;
  imports.add("spectest", "table",
              Extern::of(createTable(table, Value::nullRef(ValType::funcref()))));
  TableType table64 = table;
  table64.limits.is64 = true;
  imports.add("spectest", "table64",
              Extern::of(createTable(table64, Value::nullRef(ValType::funcref()))));

  MemoryType memory;
  memory.limits.min = 1;
  memory.limits.max = 2;
  imports.add("spectest", "memory", Extern::of(createMemory(memory)));
  MemoryType shared = memory;
  shared.limits.shared = true;
  imports.add("spectest", "shared_memory", Extern::of(createMemory(shared)));
}

}  // namespace witt::wast
