// The embedding API: load and validate a module, link it with imports,
// instantiate it and invoke its exports.
//
//   auto module = witt::Module::fromFile("app.wasm");
//   if (!module) { std::cerr << module.error().describe() << "\n"; return 1; }
//   witt::Imports imports;
//   imports.addFunction("env", "log", witt::FuncType{{witt::ValType::I32}, {}},
//                       [](witt::Caller&, std::span<const witt::Value> args, std::span<witt::Value>) {
//                         std::printf("%u\n", args[0].i32);
//                         return witt::Result<void>();
//                       });
//   auto inst = witt::Instance::create(*module, imports);
//   auto results = inst->invoke("main", {});
//
// Every call returns a Result; a trap, an uncaught exception or a guest exit
// is an Error value, never a C++ exception.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "witt/result.h"
#include "witt/tracer.h"
#include "witt/types.h"
#include "witt/value.h"

namespace witt {

namespace spec {
struct Module;
}
namespace runtime {
struct CompiledModule;
class InstanceData;
class Function;
class Memory;
class Table;
class Global;
class Tag;
}  // namespace runtime

struct LoadOptions {
  std::string fileName;      // named in error messages
  bool strictMarks = false;  // a malformed trace-mark section is an error, not a warning
  // How function indices of a `metadata.code.trace_inst` section are read
  // (docs/trace-marks.md): decided from the marks, defined functions only
  // (V8's reading), or the whole index space (the code-metadata convention).
  enum class MarkFuncIndex : uint8_t { Auto, Defined, Full } markFuncIndex = MarkFuncIndex::Auto;
};

// A decoded and validated module; cheap to copy (shared, immutable).
class Module {
 public:
  // Decodes and validates a binary module.
  static Result<Module> fromBinary(std::span<const uint8_t> bytes, const LoadOptions& options = {});
  // Parses a module in the text format (a single `(module ...)` or its fields).
  static Result<Module> fromText(std::string_view text, const LoadOptions& options = {});
  // Reads a file: binary if it starts with "\0asm", text otherwise.
  static Result<Module> fromFile(const std::string& path, const LoadOptions& options = {});

  struct ImportInfo {
    std::string module, name;
    ExternKind kind;
    FuncType funcType;    // Func, Tag
    TableType tableType;  // Table
    MemoryType memoryType;
    GlobalType globalType;
  };
  struct ExportInfo {
    std::string name;
    ExternKind kind;
    uint32_t index;
    FuncType funcType;  // Func
  };
  std::vector<ImportInfo> imports() const;
  std::vector<ExportInfo> exports() const;
  std::optional<ExportInfo> exportNamed(std::string_view name) const;

  // Warnings found while loading (for example a malformed trace-mark section).
  const std::vector<std::string>& warnings() const;

  // The decoded structure, for tools (printer, trace marks). Stable for the
  // module's lifetime.
  const spec::Module& ir() const;
  std::shared_ptr<const runtime::CompiledModule> compiled() const { return impl_; }

 private:
  std::shared_ptr<const runtime::CompiledModule> impl_;
  friend class Instance;
  friend struct runtime::CompiledModule;
};

class Instance;

// Limits of one call (docs/architecture.md, "Limits"). Both run the call in
// metered code, which checks them at the start of every basic block.
struct CallOptions {
  uint64_t fuel = 0;       // instructions the call may execute; 0 = unlimited ("all fuel consumed")
  uint64_t timeoutMs = 0;  // wall-clock limit in milliseconds; 0 = none ("timeout")
};

// Handles to runtime entities. They keep the entity alive; copying a handle
// shares the entity (as an import shares it between instances).
class Function {
 public:
  FuncType type() const;
  // Calls the function (wasm or host). A trap is an Error of kind Trap.
  Result<std::vector<Value>> call(std::span<const Value> args, Tracer& tracer = Tracer::none(),
                                  const CallOptions& options = {}) const;
  std::shared_ptr<runtime::Function> impl;
};

class Memory {
 public:
  MemoryType type() const;
  uint8_t* data() const;
  uint64_t size() const;   // bytes
  uint64_t pages() const;     // size() / pageSize()
  uint64_t pageSize() const;  // bytes per page: 65536, or 1 (custom page sizes)
  // Grows by `delta` pages; returns the old size in pages, or an error.
  Result<uint64_t> grow(uint64_t delta) const;
  std::shared_ptr<runtime::Memory> impl;
};

class Global {
 public:
  GlobalType type() const;
  Value get() const;
  Result<void> set(const Value& v) const;
  std::shared_ptr<runtime::Global> impl;
};

class Table {
 public:
  TableType type() const;
  uint64_t size() const;
  Result<Value> get(uint64_t index) const;
  Result<void> set(uint64_t index, const Value& v) const;
  Result<uint64_t> grow(uint64_t delta, const Value& init) const;
  std::shared_ptr<runtime::Table> impl;
};

class Tag {
 public:
  FuncType type() const;
  std::shared_ptr<runtime::Tag> impl;
};

// Creates standalone entities, for imports that no instance provides.
Memory createMemory(const MemoryType& type);
Table createTable(const TableType& type, const Value& init);
Global createGlobal(const GlobalType& type, const Value& init);
Tag createTag(const FuncType& type);

struct Extern {
  ExternKind kind = ExternKind::Func;
  Function func;
  Table table;
  Memory memory;
  Global global;
  Tag tag;

  static Extern of(Function f) { Extern e; e.kind = ExternKind::Func; e.func = std::move(f); return e; }
  static Extern of(Table t) { Extern e; e.kind = ExternKind::Table; e.table = std::move(t); return e; }
  static Extern of(Memory m) { Extern e; e.kind = ExternKind::Memory; e.memory = std::move(m); return e; }
  static Extern of(Global g) { Extern e; e.kind = ExternKind::Global; e.global = std::move(g); return e; }
  static Extern of(Tag t) { Extern e; e.kind = ExternKind::Tag; e.tag = std::move(t); return e; }
};

// What a host function sees of its caller.
class Caller {
 public:
  // The calling instance's memory `index`, or nullptr if it has none.
  Memory* memory(uint32_t index = 0);
  // Raises a wasm exception from the host: return the Error this makes.
  Error throwException(const Tag& tag, std::vector<Value> payload);
  // The tracer of the current invocation (Tracer::none() when untraced).
  Tracer& tracer();

  runtime::InstanceData* instance = nullptr;  // may be null for calls from the embedder
  Tracer* tracer_ = nullptr;
  std::vector<Memory> memories_;  // cache
};

// A host function: reads args (typed as its FuncType's params), writes results.
// Returning an Error traps (or exits, or throws) with that error.
using HostFunction =
    std::function<Result<void>(Caller& caller, std::span<const Value> args, std::span<Value> results)>;

Function createHostFunction(const FuncType& type, HostFunction fn, std::string debugName = "");

// The imports given to an instantiation, by module and field name.
class Imports {
 public:
  void add(std::string_view module, std::string_view name, Extern ext);
  void addFunction(std::string_view module, std::string_view name, const FuncType& type,
                   HostFunction fn);
  // All exports of an instance, under `module` (the WAST `register` command).
  void addInstance(std::string_view module, const Instance& instance);
  const Extern* find(std::string_view module, std::string_view name) const;

 private:
  struct Entry {
    std::string module, name;
    Extern ext;
  };
  std::vector<Entry> entries_;
};

struct InstanceOptions {
  Tracer* tracer = nullptr;      // observes the start function
  CallOptions limits;            // for the start function
  // The most bytes the instance's own memories may hold together, at
  // instantiation and through every memory.grow (0: no cap beyond each
  // memory's own limit). Instantiation fails with a Limit error when the
  // initial sizes do not fit; memory.grow past the cap returns -1.
  uint64_t maxMemoryBytes = 0;
};

class Instance {
 public:
  // Links `module` against `imports`, allocates its entities, runs its
  // segments and start function. Errors: Unlinkable, Uninstantiable, Trap.
  static Result<Instance> create(const Module& module, const Imports& imports = {},
                                 const InstanceOptions& options = {});

  // Invokes an exported function. Arguments must match its parameter types.
  Result<std::vector<Value>> invoke(std::string_view name, std::span<const Value> args = {},
                                    Tracer& tracer = Tracer::none(), const CallOptions& options = {}) const;
  // invoke("f", {Value::fromI32(1), Value::fromI32(2)}, tracer)
  Result<std::vector<Value>> invoke(std::string_view name, std::initializer_list<Value> args,
                                    Tracer& tracer = Tracer::none(), const CallOptions& options = {}) const {
    return invoke(name, std::span<const Value>(args.begin(), args.size()), tracer, options);
  }

  std::optional<Extern> exportNamed(std::string_view name) const;
  std::optional<Function> function(std::string_view name) const;
  std::optional<Memory> memory(std::string_view name) const;
  std::optional<Global> global(std::string_view name) const;
  std::optional<Table> table(std::string_view name) const;
  // The first memory (index 0) whether exported or not; used by WASI.
  std::optional<Memory> defaultMemory() const;

  const Module& module() const;
  std::shared_ptr<runtime::InstanceData> impl;
};

// The version of witt ("0.1.0").
const char* version();

}  // namespace witt
