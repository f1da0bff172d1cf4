;; The access-log prefilter of access-log.ts (plainRequestSkipper) over a whole run of lines, with
;; SIMD to find each line's end. Assembled by `npm run build:wasm` into access-scan.wasm.ts.
;;
;; Memory: bytes 0..25 the last time `dd/Mon/yyyy:hh:mm:ss +zzzz` the JavaScript side accepted,
;; byte 31 set once there is one; from OUT, (line index, start, end) of each line to deliver;
;; from IN, the run. Positions are offsets into the run.
;;
;; scan(pos, len, index) reads the lines from `pos` (line number `index` in the run) and returns
;; where it stopped: past `len` when the run is done; else at a line whose time is not the last
;; accepted one (reason 1: JavaScript decides it with clfTime and may set a new time) or when OUT is
;; full (reason 2). kept() tells how many lines it wrote to OUT, next() the index of the line at
;; the returned position.
(module
  (memory (export "memory") 64)
  (global $kept (mut i32) (i32.const 0))
  (global $next (mut i32) (i32.const 0))
  (global $reason (mut i32) (i32.const 0))
  (func (export "kept") (result i32) (global.get $kept))
  (func (export "next") (result i32) (global.get $next))
  (func (export "reason") (result i32) (global.get $reason))

  ;; OUT = 64, room for 65,536 lines; IN = 1 MiB (offset 1048576 on every load below)
  (func $b (param $i i32) (result i32) (i32.load8_u offset=1048576 (local.get $i)))

  ;; the position of the first newline at or after `s`, or `len`
  (func $eol (param $s i32) (param $len i32) (result i32)
    (local $e i32) (local $mask i32) (local $nl v128)
    (local.set $nl (i8x16.splat (i32.const 10)))
    (local.set $e (local.get $s))
    (block $tail
      (loop $wide
        (br_if $tail (i32.gt_u (i32.add (local.get $e) (i32.const 16)) (local.get $len)))
        (local.set $mask
          (i8x16.bitmask (i8x16.eq (v128.load offset=1048576 (local.get $e)) (local.get $nl))))
        (if (local.get $mask)
          (then (return (i32.add (local.get $e) (i32.ctz (local.get $mask))))))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $wide)))
    (block $done
      (loop $narrow
        (br_if $done (i32.ge_u (local.get $e) (local.get $len)))
        (br_if $done (i32.eq (call $b (local.get $e)) (i32.const 10)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $narrow)))
    (local.get $e))

  ;; `c - 48` is a digit
  (func $digit (param $c i32) (result i32) (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))

  ;; 0: skip the line [s, e); 1: deliver it; 2: its time is new (JavaScript decides)
  (func $verdict (param $s i32) (param $e i32) (result i32)
    (local $h i32) (local $t i32) (local $k i32) (local $q i32) (local $m i32) (local $sec i32)
    (local $a i32) (local $c2 i32) (local $c3 i32)
    ;; the client ends at the first space
    (local.set $h (local.get $s))
    (block $end
      (loop $client
        (br_if $end (i32.ge_u (local.get $h) (local.get $e)))
        (br_if $end (i32.eq (call $b (local.get $h)) (i32.const 32)))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $client)))
    ;; ` - - [<26-char time>] "` and no POST
    (if (i32.lt_u (i32.sub (local.get $e) (local.get $h)) (i32.const 40)) (then (return (i32.const 1))))
    (if (i32.or (i32.or (i32.ne (call $b (i32.add (local.get $h) (i32.const 1))) (i32.const 45))
                        (i32.ne (call $b (i32.add (local.get $h) (i32.const 2))) (i32.const 32)))
                (i32.or (i32.ne (call $b (i32.add (local.get $h) (i32.const 3))) (i32.const 45))
                        (i32.ne (call $b (i32.add (local.get $h) (i32.const 4))) (i32.const 32))))
      (then (return (i32.const 1))))
    (if (i32.or (i32.or (i32.ne (call $b (i32.add (local.get $h) (i32.const 5))) (i32.const 91))
                        (i32.ne (call $b (i32.add (local.get $h) (i32.const 32))) (i32.const 93)))
                (i32.ne (call $b (i32.add (local.get $h) (i32.const 34))) (i32.const 34)))
      (then (return (i32.const 1))))
    (if (i32.and (i32.and (i32.eq (call $b (i32.add (local.get $h) (i32.const 35))) (i32.const 80))
                          (i32.eq (call $b (i32.add (local.get $h) (i32.const 36))) (i32.const 79)))
                 (i32.and (i32.eq (call $b (i32.add (local.get $h) (i32.const 37))) (i32.const 83))
                          (i32.eq (call $b (i32.add (local.get $h) (i32.const 38))) (i32.const 84))))
      (then (return (i32.const 1))))
    ;; the time: the day, hour and zone of the last accepted one, valid minutes and seconds
    (local.set $t (i32.add (local.get $h) (i32.const 6)))
    (if (i32.eqz (i32.load8_u (i32.const 31))) (then (return (i32.const 2))))
    (local.set $k (i32.const 0))
    (loop $same
      (if (i32.ne (call $b (i32.add (local.get $t) (local.get $k))) (i32.load8_u (local.get $k)))
        (then (return (i32.const 2))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (if (i32.eq (local.get $k) (i32.const 14)) (then (local.set $k (i32.const 20))))
      (br_if $same (i32.lt_u (local.get $k) (i32.const 26))))
    (if (i32.or (i32.ne (call $b (i32.add (local.get $t) (i32.const 14))) (i32.const 58))
                (i32.ne (call $b (i32.add (local.get $t) (i32.const 17))) (i32.const 58)))
      (then (return (i32.const 1))))
    (if (i32.eqz (i32.and (i32.and (call $digit (call $b (i32.add (local.get $t) (i32.const 15))))
                                   (call $digit (call $b (i32.add (local.get $t) (i32.const 16)))))
                          (i32.and (call $digit (call $b (i32.add (local.get $t) (i32.const 18))))
                                   (call $digit (call $b (i32.add (local.get $t) (i32.const 19)))))))
      (then (return (i32.const 1))))
    (local.set $m (i32.add (i32.mul (i32.sub (call $b (i32.add (local.get $t) (i32.const 15))) (i32.const 48)) (i32.const 10))
                           (i32.sub (call $b (i32.add (local.get $t) (i32.const 16))) (i32.const 48))))
    (local.set $sec (i32.add (i32.mul (i32.sub (call $b (i32.add (local.get $t) (i32.const 18))) (i32.const 48)) (i32.const 10))
                             (i32.sub (call $b (i32.add (local.get $t) (i32.const 19))) (i32.const 48))))
    (if (i32.or (i32.gt_u (local.get $m) (i32.const 59)) (i32.gt_u (local.get $sec) (i32.const 60)))
      (then (return (i32.const 1))))
    ;; the status after the request's first quote, unescaped: ` 200` then a space or the end
    (local.set $q (i32.add (local.get $h) (i32.const 35)))
    (block $quote
      (loop $request
        (br_if $quote (i32.ge_u (local.get $q) (local.get $e)))
        (br_if $quote (i32.eq (call $b (local.get $q)) (i32.const 34)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $request)))
    (if (i32.lt_u (i32.sub (local.get $e) (local.get $q)) (i32.const 5)) (then (return (i32.const 1))))
    (if (i32.or (i32.eq (call $b (i32.sub (local.get $q) (i32.const 1))) (i32.const 92))
                (i32.ne (call $b (i32.add (local.get $q) (i32.const 1))) (i32.const 32)))
      (then (return (i32.const 1))))
    (local.set $a (i32.sub (call $b (i32.add (local.get $q) (i32.const 2))) (i32.const 48)))
    (local.set $c2 (i32.sub (call $b (i32.add (local.get $q) (i32.const 3))) (i32.const 48)))
    (local.set $c3 (i32.sub (call $b (i32.add (local.get $q) (i32.const 4))) (i32.const 48)))
    (if (i32.or (i32.or (i32.ge_u (i32.sub (local.get $a) (i32.const 1)) (i32.const 9))
                        (i32.ge_u (local.get $c2) (i32.const 10)))
                (i32.ge_u (local.get $c3) (i32.const 10)))
      (then (return (i32.const 1))))
    (if (i32.and (i32.ne (i32.add (local.get $q) (i32.const 5)) (local.get $e))
                 (i32.ne (call $b (i32.add (local.get $q) (i32.const 5))) (i32.const 32)))
      (then (return (i32.const 1))))
    ;; 401 and 407 are login attempts
    (if (i32.and (i32.and (i32.eq (local.get $a) (i32.const 4)) (i32.eqz (local.get $c2)))
                 (i32.or (i32.eq (local.get $c3) (i32.const 1)) (i32.eq (local.get $c3) (i32.const 7))))
      (then (return (i32.const 1))))
    (i32.const 0))

  (func (export "scan") (param $pos i32) (param $len i32) (param $index i32) (result i32)
    (local $e i32) (local $v i32) (local $out i32)
    (global.set $kept (i32.const 0))
    (block $stop
      (loop $line
        (br_if $stop (i32.gt_u (local.get $pos) (local.get $len)))
        (local.set $e (call $eol (local.get $pos) (local.get $len)))
        ;; a line over 1 MiB is delivered: the framer reports it
        (local.set $v
          (if (result i32) (i32.gt_u (i32.sub (local.get $e) (local.get $pos)) (i32.const 1048576))
            (then (i32.const 1))
            (else (call $verdict (local.get $pos) (local.get $e)))))
        (if (i32.eq (local.get $v) (i32.const 2))
          (then (global.set $reason (i32.const 1)) (br $stop)))
        (if (local.get $v)
          (then
            (if (i32.eq (global.get $kept) (i32.const 65536))
              (then (global.set $reason (i32.const 2)) (br $stop)))
            (local.set $out (i32.add (i32.const 64) (i32.mul (global.get $kept) (i32.const 12))))
            (i32.store (local.get $out) (local.get $index))
            (i32.store offset=4 (local.get $out) (local.get $pos))
            (i32.store offset=8 (local.get $out) (local.get $e))
            (global.set $kept (i32.add (global.get $kept) (i32.const 1)))))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (local.set $pos (i32.add (local.get $e) (i32.const 1)))
        (br $line)))
    (if (i32.gt_u (local.get $pos) (local.get $len)) (then (global.set $reason (i32.const 0))))
    (global.set $next (local.get $index))
    (local.get $pos))
)
