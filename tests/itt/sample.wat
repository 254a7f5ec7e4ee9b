;; A module without marks, with an imported function (so the two function
;; index conventions differ by one), for `witt marks add|list|strip|convert`.
(module
  (import "env" "f" (func $imp (param i32) (result i32)))
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func $loop (export "count") (param i32) (result i32)
    (local i32)
    block loop
      local.get 0 i32.eqz br_if 1
      local.get 0 i32.const 1 i32.sub local.set 0
      local.get 1 i32.const 1 i32.add local.set 1
      br 0
    end end
    local.get 1 return))
