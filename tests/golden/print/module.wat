;; The printer's golden module: names (plain and quoted), imports, folding
;; (where the stack allows it and where it does not), blocks, trace marks,
;; a branch hint, memory arguments, numbers, segments and a custom section.
(module $golden
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "memory" (memory $mem 1))
  (global $counter (mut i32) (i32.const 0))
  (global $"two words" f64 (f64.const -0x1.8p1))

  ;; Folds completely: every operand comes from the instructions before it.
  (func $add (export "add") (type $binop) (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; A call that leaves two values: i32.add takes both as one folded operand;
  ;; the global.set cannot fold the tee'd value that the drop consumes.
  (func $pair (result i32 i32) (i32.const 1) (i32.const 2))
  (func $stack (result i32) (local $t i32)
    call $pair
    i32.add
    local.tee $t
    global.set $counter
    local.get $t
    local.get $t
    drop)

  ;; Blocks, a branch hint and trace marks.
  (func $loop (param $n i32) (result i32) (local $sum i32)
    (trace_instruction 1)
    (block $done
      (loop $next
        (@metadata.code.branch_hint "\00")
        (br_if $done (i32.eqz (local.get $n)))
        (trace_instruction 2)
        (local.set $sum (i32.add (local.get $sum) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (if (result i32) (i32.gt_s (local.get $sum) (i32.const 100))
      (then (i32.const 100))
      (else (local.get $sum)))
    (trace_instruction 3))

  (func $memory (param $p i32)
    (i32.store offset=8 (local.get $p) (i32.load8_u align=1 (local.get $p)))
    (f32.store (local.get $p) (f32.const nan:0x200))
    (v128.store offset=16 align=4 (local.get $p) (v128.const i16x8 1 2 3 4 5 6 7 -1))
    (call $log (i32.const -2147483648)))

  (table $funcs 2 funcref)
  (elem (table $funcs) (i32.const 0) func $add $stack)
  (data (i32.const 64) "witt\00\01\ff\"quoted\"\n")
  (@custom "producers" (after data) "witt"))
