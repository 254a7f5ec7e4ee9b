;; Exits with the code given as its first argument's first digit (7 without).
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (if (i32.lt_u (i32.load (i32.const 0)) (i32.const 2))
      (then (call $exit (i32.const 7))))
    (drop (call $args (i32.const 100) (i32.const 200)))
    ;; argv[1][0] - '0'
    (call $exit (i32.sub (i32.load8_u (i32.load (i32.const 104))) (i32.const 48)))))
