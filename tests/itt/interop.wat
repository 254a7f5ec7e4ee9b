;; For the V8 interop test (node_interop.sh): the imported function shifts the
;; two function index conventions of metadata.code.trace_inst by one, so marks
;; land on `dot` in V8 only when written with --mark-func-index=defined.
(module
  (import "env" "scale" (func $scale (param f32) (result f32)))
  (func $dot (export "dot") (param $n i32) (result f32)
    (local $i i32) (local $s f32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s
          (f32.add (local.get $s)
            (f32.mul (call $scale (f32.convert_i32_u (local.get $i)))
                     (f32.convert_i32_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))
  (func (export "main") (param $n i32) (result f32)
    (f32.add (call $dot (local.get $n)) (f32.const 1))))
