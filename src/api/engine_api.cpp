// The public embedding API (include/witt/engine.h) over the runtime.
#include <fstream>
#include <iterator>

#include "interp/executor.h"
#include "runtime/compiled_module.h"
#include "runtime/instance.h"
#include "validate/type_context.h"
#include "witt/engine.h"

namespace witt {

// ---------------------------------------------------------------- Module

Result<Module> Module::fromBinary(std::span<const uint8_t> bytes, const LoadOptions& options) {
  auto cm = runtime::CompiledModule::fromBinary(std::vector<uint8_t>(bytes.begin(), bytes.end()), options);
  if (!cm.ok()) return std::move(cm).error();
  Module m;
  m.impl_ = std::move(cm).value();
  return m;
}

const spec::Module& Module::ir() const { return impl_->ir; }
const std::vector<std::string>& Module::warnings() const { return impl_->warnings; }

std::vector<Module::ImportInfo> Module::imports() const {
  std::vector<ImportInfo> out;
  const spec::Module& m = impl_->ir;
  for (const spec::Import& im : m.imports) {
    ImportInfo i;
    i.module = im.module;
    i.name = im.field;
    i.kind = im.kind;
    if (im.kind == ExternKind::Func) i.funcType = m.types[im.funcType].func;
    if (im.kind == ExternKind::Tag) i.funcType = m.types[im.tag.typeIndex].func;
    i.tableType = im.table;
    i.memoryType = im.memory;
    i.globalType = im.global;
    out.push_back(std::move(i));
  }
  return out;
}

std::vector<Module::ExportInfo> Module::exports() const {
  std::vector<ExportInfo> out;
  const spec::Module& m = impl_->ir;
  for (const spec::Export& e : m.exports) {
    ExportInfo x{e.name, e.kind, e.index, {}};
    if (e.kind == ExternKind::Func) x.funcType = m.funcType(e.index);
    out.push_back(std::move(x));
  }
  return out;
}

std::optional<Module::ExportInfo> Module::exportNamed(std::string_view name) const {
  for (ExportInfo& e : exports())
    if (e.name == name) return e;
  return std::nullopt;
}

// ---------------------------------------------------------------- entities

FuncType Function::type() const { return impl ? impl->type : FuncType{}; }

Result<std::vector<Value>> Function::call(std::span<const Value> args, Tracer& tracer,
                                          const CallOptions& options) const {
  if (!impl) return Error(ErrorKind::Usage, "call of an empty function handle");
  const FuncType& ft = impl->type;
  if (args.size() != ft.params.size())
    return Error(ErrorKind::Usage, "function expects " + std::to_string(ft.params.size()) +
                                       " arguments, got " + std::to_string(args.size()));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type.kind != ft.params[i].kind)
      return Error(ErrorKind::Usage, "argument " + std::to_string(i) + " should be " +
                                         toString(ft.params[i]) + ", got " + toString(args[i].type));
  }
  interp::ExecContext& ctx = interp::threadContext();
  interp::Slot* fp = ctx.top;
  uint32_t need = std::max(impl->paramSlots(), impl->resultSlots());
  if (fp + need + 16 > ctx.stackEnd()) return Error::makeTrap(TrapKind::CallStackExhausted);
  interp::Slot* s = fp;
  for (const Value& v : args) {
    runtime::valueToSlots(v, s);
    s += v.type.slots();
  }
  Tracer* t = &tracer == &Tracer::none() ? nullptr : &tracer;
  WITT_CHECK(interp::execute(ctx, impl.get(), fp, t, interp::ExecLimits{options.fuel, options.timeoutMs}));
  std::vector<Value> results;
  s = fp;
  for (ValType rt : ft.results) {
    results.push_back(runtime::slotsToValue(rt, s));
    s += rt.slots();
  }
  return results;
}

MemoryType Memory::type() const { return impl->type(); }
uint8_t* Memory::data() const { return impl->base(); }
uint64_t Memory::size() const { return impl->size(); }
uint64_t Memory::pages() const { return impl->pages(); }
uint64_t Memory::pageSize() const { return impl->pageSize(); }
Result<uint64_t> Memory::grow(uint64_t delta) const {
  int64_t r = impl->grow(delta);
  if (r < 0) return Error(ErrorKind::Limit, "memory cannot grow by " + std::to_string(delta) + " pages");
  return static_cast<uint64_t>(r);
}

GlobalType Global::type() const { return impl->type; }
Value Global::get() const { return runtime::slotsToValue(impl->type.type, impl->value); }
Result<void> Global::set(const Value& v) const {
  if (!impl->type.mut) return Error(ErrorKind::Usage, "global is immutable");
  if (v.type.kind != impl->type.type.kind) return Error(ErrorKind::Usage, "global type mismatch");
  runtime::valueToSlots(v, impl->value);
  return {};
}

TableType Table::type() const { return impl->type; }
uint64_t Table::size() const { return impl->elems.size(); }
Result<Value> Table::get(uint64_t index) const {
  if (index >= impl->elems.size()) return Error::makeTrap(TrapKind::OutOfBoundsTable);
  return Value::fromRef(impl->type.elem, Ref{impl->elems[index]});
}
Result<void> Table::set(uint64_t index, const Value& v) const {
  if (index >= impl->elems.size()) return Error::makeTrap(TrapKind::OutOfBoundsTable);
  impl->elems[index] = v.ref.bits;
  return {};
}
Result<uint64_t> Table::grow(uint64_t delta, const Value& init) const {
  int64_t r = impl->grow(delta, init.ref.bits);
  if (r < 0) return Error(ErrorKind::Limit, "table cannot grow");
  return static_cast<uint64_t>(r);
}

FuncType Tag::type() const { return impl->type; }

Memory createMemory(const MemoryType& type) {
  Memory m;
  auto r = runtime::Memory::create(type);
  if (r.ok()) m.impl = std::move(r).value();
  return m;
}

Table createTable(const TableType& type, const Value& init) {
  Table t;
  // Like createMemory, a table beyond witt's limits is an empty handle
  // (linking reports it), never an allocation failure.
  runtime::Table probe(TableType{type.elem, Limits{0, type.limits.max, type.limits.is64, false}}, 0);
  if (type.limits.min > probe.maxSize()) return t;
  t.impl = std::make_shared<runtime::Table>(type, init.ref.bits);
  return t;
}

Global createGlobal(const GlobalType& type, const Value& init) {
  Global g;
  g.impl = std::make_shared<runtime::Global>();
  g.impl->type = type;
  runtime::valueToSlots(init, g.impl->value);
  return g;
}

Tag createTag(const FuncType& type) {
  Tag t;
  t.impl = std::make_shared<runtime::Tag>();
  t.impl->type = type;
  t.impl->canonicalType = validate::canonicalIdOf(type);
  return t;
}

Function createHostFunction(const FuncType& type, HostFunction fn, std::string debugName) {
  Function f;
  f.impl = std::make_shared<runtime::Function>();
  f.impl->type = type;
  f.impl->canonicalType = validate::canonicalIdOf(type);
  f.impl->host = std::move(fn);
  f.impl->debugName = std::move(debugName);
  f.impl->funcIndex = UINT32_MAX;
  return f;
}

// ---------------------------------------------------------------- Caller

Memory* Caller::memory(uint32_t index) {
  if (!instance || index >= instance->memories.size()) return nullptr;
  if (memories_.size() <= index) memories_.resize(instance->memories.size());
  if (!memories_[index].impl) {
    // An aliasing handle: the instance owns the memory and outlives this call.
    memories_[index].impl = std::shared_ptr<runtime::Memory>(instance->memoryOwners.empty()
                                                                 ? nullptr
                                                                 : instance->memoryOwners[0],
                                                             instance->memories[index]);
    for (auto& owner : instance->memoryOwners)
      if (owner.get() == instance->memories[index]) memories_[index].impl = owner;
  }
  return &memories_[index];
}

Error Caller::throwException(const Tag& tag, std::vector<Value> payload) {
  Error e(ErrorKind::Exception, "exception thrown by a host function");
  auto info = std::make_shared<ExceptionInfo>();
  info->payload = std::move(payload);
  info->tag = tag.impl;
  e.exception = std::move(info);
  return e;
}

Tracer& Caller::tracer() { return tracer_ ? *tracer_ : Tracer::none(); }

// ---------------------------------------------------------------- Imports

void Imports::add(std::string_view module, std::string_view name, Extern ext) {
  for (Entry& e : entries_) {
    if (e.module == module && e.name == name) {
      e.ext = std::move(ext);
      return;
    }
  }
  entries_.push_back(Entry{std::string(module), std::string(name), std::move(ext)});
}

void Imports::addFunction(std::string_view module, std::string_view name, const FuncType& type,
                          HostFunction fn) {
  add(module, name, Extern::of(createHostFunction(type, std::move(fn), std::string(module) + "." + std::string(name))));
}

void Imports::addInstance(std::string_view module, const Instance& instance) {
  for (const spec::Export& e : instance.module().ir().exports)
    if (auto ext = instance.exportNamed(e.name)) add(module, e.name, *ext);
}

const Extern* Imports::find(std::string_view module, std::string_view name) const {
  for (const Entry& e : entries_)
    if (e.module == module && e.name == name) return &e.ext;
  return nullptr;
}

// ---------------------------------------------------------------- Instance

Result<Instance> Instance::create(const Module& module, const Imports& imports, const InstanceOptions& options) {
  auto r = runtime::instantiate(module.compiled(), imports, options);
  if (!r.ok()) {
    Error e = std::move(r).error();
    if (e.file.empty()) e.file = module.compiled()->fileName;
    return e;
  }
  Instance inst;
  inst.impl = std::move(r).value();
  return inst;
}

namespace {
// Handles that share ownership of the instance (aliasing shared_ptr): an
// exported entity keeps its instance alive.
template <class T>
std::shared_ptr<T> alias(const std::shared_ptr<runtime::InstanceData>& inst, T* p) {
  return std::shared_ptr<T>(inst, p);
}
}  // namespace

std::optional<Extern> Instance::exportNamed(std::string_view name) const {
  for (const spec::Export& e : impl->ir().exports) {
    if (e.name != name) continue;
    switch (e.kind) {
      case ExternKind::Func: {
        Function f;
        runtime::Function* raw = impl->funcs[e.index];
        // Imported functions are owned elsewhere: share their owner handle.
        f.impl = alias(impl, raw);
        for (auto& o : impl->funcOwners)
          if (o.get() == raw && e.index < impl->ir().numImportedFuncs) f.impl = o;
        return Extern::of(f);
      }
      case ExternKind::Table: {
        Table t;
        for (auto& o : impl->tableOwners)
          if (o.get() == impl->tables[e.index]) t.impl = o;
        return Extern::of(t);
      }
      case ExternKind::Memory: {
        Memory m;
        for (auto& o : impl->memoryOwners)
          if (o.get() == impl->memories[e.index]) m.impl = o;
        return Extern::of(m);
      }
      case ExternKind::Global: {
        Global g;
        for (auto& o : impl->globalOwners)
          if (o.get() == impl->globals[e.index]) g.impl = o;
        return Extern::of(g);
      }
      case ExternKind::Tag: {
        Tag t;
        for (auto& o : impl->tagOwners)
          if (o.get() == impl->tags[e.index]) t.impl = o;
        return Extern::of(t);
      }
    }
  }
  return std::nullopt;
}

std::optional<Function> Instance::function(std::string_view name) const {
  auto e = exportNamed(name);
  if (!e || e->kind != ExternKind::Func) return std::nullopt;
  return e->func;
}
std::optional<Memory> Instance::memory(std::string_view name) const {
  auto e = exportNamed(name);
  if (!e || e->kind != ExternKind::Memory) return std::nullopt;
  return e->memory;
}
std::optional<Global> Instance::global(std::string_view name) const {
  auto e = exportNamed(name);
  if (!e || e->kind != ExternKind::Global) return std::nullopt;
  return e->global;
}
std::optional<Table> Instance::table(std::string_view name) const {
  auto e = exportNamed(name);
  if (!e || e->kind != ExternKind::Table) return std::nullopt;
  return e->table;
}
std::optional<Memory> Instance::defaultMemory() const {
  if (impl->memoryOwners.empty() && impl->memories.empty()) return std::nullopt;
  Memory m;
  for (auto& o : impl->memoryOwners)
    if (o.get() == impl->memories[0]) m.impl = o;
  return m;
}

Result<std::vector<Value>> Instance::invoke(std::string_view name, std::span<const Value> args,
                                            Tracer& tracer, const CallOptions& options) const {
  auto f = function(name);
  if (!f) return Error(ErrorKind::Usage, "no exported function named \"" + std::string(name) + "\"");
  return f->call(args, tracer, options);
}

const Module& Instance::module() const {
  // A Module is a handle on the compiled module; keep one per instance.
  thread_local Module m;
  m = Module();
  *reinterpret_cast<std::shared_ptr<const runtime::CompiledModule>*>(&m) = impl->module;
  return m;
}

Tracer& Tracer::none() {
  static Tracer t;
  return t;
}

const char* version() { return "0.1.0"; }

}  // namespace witt
