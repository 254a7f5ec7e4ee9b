;; The test vectors of the instrument-tracing proposal's tooling page
;; (docs/trace-marks.md section 7): `f` executes marks 17, 18, 19, 18, 19, 17,
;; 20, 17 in that order, and "point k" (right after the k-th mark) is 2^(k-1)
;; `nop`s, so the `nop` count of a region in the region report is a bit set of
;; the points it holds: points 1-5 = 31, point 2 = 2, point 4 = 8,
;; points 4-7 = 120.
(module
  (func (export "f")
    (trace_instruction 17) nop
    (trace_instruction 18) nop nop
    (trace_instruction 19) nop nop nop nop
    (trace_instruction 18) nop nop nop nop nop nop nop nop
    (trace_instruction 19) nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
    (trace_instruction 17)
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
    (trace_instruction 20)
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
    (trace_instruction 17)))
