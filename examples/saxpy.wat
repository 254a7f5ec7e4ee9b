;; SAXPY, the kernel of the Instrument and Tracing proposal's example:
;;   y[i] = a * x[i] + y[i]   for i in 0 .. n
;; `main` fills x and y, runs saxpy `reps` times and returns a checksum of y.
;; The loop is bracketed by trace mark 1, as in the Instrument and Tracing
;; proposal (https://github.com/WebAssembly/instrument-tracing): its first
;; occurrence starts the region, the second stops it, on every call. The
;; region report measures exactly the loop (docs/trace-marks.md section 9):
;;   build/witt run --region-report examples/saxpy.wat --invoke main 1000
;; (1000 entries of 122886 wasm instructions each, with the opcode mix).
(module
  (memory (export "memory") 1)

  (func $saxpy (export "saxpy") (param $n i32) (param $a f32) (param $x i32) (param $y i32)
    (local $i i32)
    (trace_instruction 1)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (f32.store
          (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.mul (local.get $a)
              (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
            (f32.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (trace_instruction 1))

  (func $main (export "main") (param $reps i32) (result f32)
    (local $i i32) (local $sum f32)
    ;; x[i] = i, y[i] = 1 for 4096 elements (x at 0, y at 16384)
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (i32.const 4096)))
        (f32.store (i32.shl (local.get $i) (i32.const 2)) (f32.convert_i32_u (local.get $i)))
        (f32.store (i32.add (i32.const 16384) (i32.shl (local.get $i) (i32.const 2))) (f32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (block $ran
      (loop $rep
        (br_if $ran (i32.eqz (local.get $reps)))
        (call $saxpy (i32.const 4096) (f32.const 0.5) (i32.const 0) (i32.const 16384))
        (local.set $reps (i32.sub (local.get $reps) (i32.const 1)))
        (br $rep)))
    ;; checksum: sum of y
    (local.set $i (i32.const 0))
    (block $summed
      (loop $sum
        (br_if $summed (i32.ge_u (local.get $i) (i32.const 4096)))
        (local.set $sum (f32.add (local.get $sum)
          (f32.load (i32.add (i32.const 16384) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum)))
    (local.get $sum)))
