;; The trace-mark overhead benchmark (bench/marks/run.py): a hot loop whose
;; body carries one trace mark, so the mark executes once per iteration (about
;; 20 wasm instructions). The benchmark runs this module with its mark section
;; and the same bytes without it (`witt marks strip`): untraced, the code witt
;; runs is identical, since only code lowered for a tracer that asks for
;; kTraceMarks contains mark instructions.
(module
  (func (export "run") (param $n i32) (result i32)
    (local $x i32)
    (local.set $x (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (trace_instruction 1)
        (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
        (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $x)))
