;; The byte prefilters of access-log.ts (plainRequestSkipper) and auth-log.ts (cannotBeLogin) over
;; a whole run of lines, with SIMD to find each line's end. Assembled by `npm run build:wasm` into
;; line-scan.wasm.ts.
;;
;; Memory: bytes 0..25 the last access-log time `dd/Mon/yyyy:hh:mm:ss +zzzz` the JavaScript side
;; accepted, byte 31 set once there is one; bytes 32..52 `pam_unix(sshd:auth): `; from OUT = 64,
;; (line index, start, end) of each line to deliver, room for 65,536; from IN = 1 MiB (the offset
;; 1048576 on every load of the run below), the run, followed by 64 zero bytes (what reads past a
;; run's end see, as JavaScript sees undefined). Positions are offsets into the run.
;;
;; scan(kind, pos, len, index) reads the lines from `pos` (line number `index` in the run) with the
;; access (kind 0) or auth (kind 1) prefilter and returns where it stopped: past `len` when the
;; run is done; else at an access line whose time is not the last accepted one (reason 1: the
;; JavaScript side decides it with clfTime and may set a new time) or when OUT is full (reason 2).
;; kept() tells how many lines it wrote to OUT, next() the index of the line at the returned position.
(module
  (memory (export "memory") 64)
  (data (i32.const 32) "pam_unix(sshd:auth): ")
  (global $kept (mut i32) (i32.const 0))
  (global $next (mut i32) (i32.const 0))
  (global $reason (mut i32) (i32.const 0))
  (func (export "kept") (result i32) (global.get $kept))
  (func (export "next") (result i32) (global.get $next))
  (func (export "reason") (result i32) (global.get $reason))

  ;; the first position in [p, e) holding byte `c`, or `e`: 16 bytes at a time, then one by one
  (func $find (param $p i32) (param $e i32) (param $c i32) (result i32)
    (local $mask i32) (local $v v128)
    (local.set $v (i8x16.splat (local.get $c)))
    (block $tail
      (loop $wide
        (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
        (local.set $mask
          (i8x16.bitmask (i8x16.eq (v128.load offset=1048576 (local.get $p)) (local.get $v))))
        (if (local.get $mask)
          (then (return (i32.add (local.get $p) (i32.ctz (local.get $mask))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $wide)))
    (block $done
      (loop $narrow
        (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
        (br_if $done (i32.eq (i32.load8_u offset=1048576 (local.get $p)) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $narrow)))
    (local.get $p))

  ;; `c - 48` is a digit
  (func $digit (param $c i32) (result i32) (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))

  ;; access log: 0 skip the line [s, e); 1 deliver it; 2 its time is new (JavaScript decides)
  (func $access (param $s i32) (param $e i32) (result i32)
    (local $h i32) (local $t i32) (local $q i32) (local $m i32) (local $sec i32)
    (local $a i32) (local $c2 i32) (local $c3 i32)
    ;; the client ends at the first space
    (local.set $h (call $find (local.get $s) (local.get $e) (i32.const 32)))
    ;; ` - - [<26-char time>] "` and no POST
    (if (i32.lt_u (i32.sub (local.get $e) (local.get $h)) (i32.const 40)) (then (return (i32.const 1))))
    (if (i32.or (i32.or (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 1))) (i32.const 45))
                        (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 2))) (i32.const 32)))
                (i32.or (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 3))) (i32.const 45))
                        (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 4))) (i32.const 32))))
      (then (return (i32.const 1))))
    (if (i32.or (i32.or (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 5))) (i32.const 91))
                        (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 32))) (i32.const 93)))
                (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 34))) (i32.const 34)))
      (then (return (i32.const 1))))
    (if (i32.and (i32.and (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 35))) (i32.const 80))
                          (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 36))) (i32.const 79)))
                 (i32.and (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 37))) (i32.const 83))
                          (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $h) (i32.const 38))) (i32.const 84))))
      (then (return (i32.const 1))))
    ;; the time: the day, hour and zone of the last accepted one, valid minutes and seconds
    (local.set $t (i32.add (local.get $h) (i32.const 6)))
    (if (i32.eqz (i32.load8_u (i32.const 31))) (then (return (i32.const 2))))
    ;; bytes 0..13 as two overlapping 8-byte words, 20..25 as 4 + 2
    (if (i32.or (i32.or (i64.ne (i64.load offset=1048576 (local.get $t)) (i64.load (i32.const 0)))
                        (i64.ne (i64.load offset=1048582 (local.get $t)) (i64.load (i32.const 6))))
                (i32.or (i32.ne (i32.load offset=1048596 (local.get $t)) (i32.load (i32.const 20)))
                        (i32.ne (i32.load16_u offset=1048600 (local.get $t)) (i32.load16_u (i32.const 24)))))
      (then (return (i32.const 2))))
    (if (i32.or (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 14))) (i32.const 58))
                (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 17))) (i32.const 58)))
      (then (return (i32.const 1))))
    (if (i32.eqz (i32.and (i32.and (call $digit (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 15))))
                                   (call $digit (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 16)))))
                          (i32.and (call $digit (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 18))))
                                   (call $digit (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 19)))))))
      (then (return (i32.const 1))))
    (local.set $m (i32.add (i32.mul (i32.sub (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 15))) (i32.const 48)) (i32.const 10))
                           (i32.sub (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 16))) (i32.const 48))))
    (local.set $sec (i32.add (i32.mul (i32.sub (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 18))) (i32.const 48)) (i32.const 10))
                             (i32.sub (i32.load8_u offset=1048576 (i32.add (local.get $t) (i32.const 19))) (i32.const 48))))
    (if (i32.or (i32.gt_u (local.get $m) (i32.const 59)) (i32.gt_u (local.get $sec) (i32.const 60)))
      (then (return (i32.const 1))))
    ;; the status after the request's first quote, unescaped: ` 200` then a space or the end
    (local.set $q (call $find (i32.add (local.get $h) (i32.const 35)) (local.get $e) (i32.const 34)))
    (if (i32.lt_u (i32.sub (local.get $e) (local.get $q)) (i32.const 5)) (then (return (i32.const 1))))
    (if (i32.or (i32.eq (i32.load8_u offset=1048576 (i32.sub (local.get $q) (i32.const 1))) (i32.const 92))
                (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $q) (i32.const 1))) (i32.const 32)))
      (then (return (i32.const 1))))
    (local.set $a (i32.sub (i32.load8_u offset=1048576 (i32.add (local.get $q) (i32.const 2))) (i32.const 48)))
    (local.set $c2 (i32.sub (i32.load8_u offset=1048576 (i32.add (local.get $q) (i32.const 3))) (i32.const 48)))
    (local.set $c3 (i32.sub (i32.load8_u offset=1048576 (i32.add (local.get $q) (i32.const 4))) (i32.const 48)))
    (if (i32.or (i32.or (i32.ge_u (i32.sub (local.get $a) (i32.const 1)) (i32.const 9))
                        (i32.ge_u (local.get $c2) (i32.const 10)))
                (i32.ge_u (local.get $c3) (i32.const 10)))
      (then (return (i32.const 1))))
    (if (i32.and (i32.ne (i32.add (local.get $q) (i32.const 5)) (local.get $e))
                 (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $q) (i32.const 5))) (i32.const 32)))
      (then (return (i32.const 1))))
    ;; 401 and 407 are login attempts
    (if (i32.and (i32.and (i32.eq (local.get $a) (i32.const 4)) (i32.eqz (local.get $c2)))
                 (i32.or (i32.eq (local.get $c3) (i32.const 1)) (i32.eq (local.get $c3) (i32.const 7))))
      (then (return (i32.const 1))))
    (i32.const 0))


  ;; auth log: 0 skip the line [s, e) (another program, or an sshd message never an attempt); 1 deliver it
  (func $auth (param $s i32) (param $e i32) (result i32)
    (local $p i32) (local $colon i32) (local $limit i32) (local $m i32) (local $next i32) (local $k i32)
    (block $header
      ;; classic `Mmm dd hh:mm:ss `
      (if (i32.and (i32.and (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $s) (i32.const 3))) (i32.const 32))
                            (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $s) (i32.const 9))) (i32.const 58)))
                   (i32.and (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $s) (i32.const 12))) (i32.const 58))
                            (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $s) (i32.const 15))) (i32.const 32))))
        (then (local.set $p (i32.add (local.get $s) (i32.const 16))) (br $header)))
      ;; RFC 3339: the time ends at the first space
      (if (i32.and (i32.and (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $s) (i32.const 4))) (i32.const 45))
                            (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $s) (i32.const 7))) (i32.const 45)))
                   (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $s) (i32.const 10))) (i32.const 84)))
        (then
          (local.set $p (i32.add (call $find (i32.add (local.get $s) (i32.const 19)) (local.get $e) (i32.const 32)) (i32.const 1)))
          (br $header)))
      (return (i32.const 1)))
    ;; the host, then spaces
    (local.set $p (call $find (local.get $p) (local.get $e) (i32.const 32)))
    (block $end
      (loop $spaces
        (br_if $end (i32.ge_s (local.get $p) (local.get $e)))
        (br_if $end (i32.ne (i32.load8_u offset=1048576 (local.get $p)) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $spaces)))
    (if (i32.lt_s (i32.sub (local.get $e) (local.get $p)) (i32.const 8)) (then (return (i32.const 1))))
    ;; not sshd: skip
    (if (i32.eqz (i32.and (i32.and (i32.eq (i32.load8_u offset=1048576 (local.get $p)) (i32.const 115))
                                   (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $p) (i32.const 1))) (i32.const 115)))
                          (i32.and (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $p) (i32.const 2))) (i32.const 104))
                                   (i32.eq (i32.load8_u offset=1048576 (i32.add (local.get $p) (i32.const 3))) (i32.const 100)))))
      (then (return (i32.const 0))))
    ;; the tag's colon within 40 bytes, then a space
    (local.set $colon (i32.add (local.get $p) (i32.const 4)))
    (local.set $limit (i32.add (local.get $p) (i32.const 40)))
    (if (i32.lt_s (local.get $e) (local.get $limit)) (then (local.set $limit (local.get $e))))
    (local.set $colon (call $find (local.get $colon) (local.get $limit) (i32.const 58)))
    (if (i32.or (i32.ge_s (local.get $colon) (local.get $limit))
                (i32.ne (i32.load8_u offset=1048576 (i32.add (local.get $colon) (i32.const 1))) (i32.const 32)))
      (then (return (i32.const 1))))
    ;; `F`ailed, `A`ccepted, `m`essage repeated, `P`AM, `a`uthentication failure, a digit: deliver
    (local.set $m (i32.load8_u offset=1048576 (i32.add (local.get $colon) (i32.const 2))))
    (if (i32.or (i32.or (i32.or (i32.eq (local.get $m) (i32.const 70)) (i32.eq (local.get $m) (i32.const 65)))
                        (i32.or (i32.eq (local.get $m) (i32.const 109)) (i32.eq (local.get $m) (i32.const 80))))
                (i32.or (i32.eq (local.get $m) (i32.const 97)) (call $digit (local.get $m))))
      (then (return (i32.const 1))))
    (if (i32.ne (local.get $m) (i32.const 112)) (then (return (i32.const 0))))
    ;; `pam_unix(sshd:auth): ` then `a`uthentication failure or a count: deliver
    (local.set $next (i32.load8_u offset=1048576 (i32.add (local.get $colon) (i32.const 23))))
    (if (i32.or (i32.le_s (i32.sub (local.get $e) (local.get $colon)) (i32.const 23))
                (i32.eqz (i32.or (i32.eq (local.get $next) (i32.const 97)) (call $digit (local.get $next)))))
      (then (return (i32.const 0))))
    (local.set $k (i32.const 0))
    (loop $pam
      (if (i32.ne (i32.load8_u offset=1048576 (i32.add (i32.add (local.get $colon) (i32.const 2)) (local.get $k)))
                  (i32.load8_u offset=32 (local.get $k)))
        (then (return (i32.const 0))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $pam (i32.lt_u (local.get $k) (i32.const 21))))
    (i32.const 1))

  (func (export "scan") (param $kind i32) (param $pos i32) (param $len i32) (param $index i32) (result i32)
    (local $e i32) (local $v i32) (local $out i32)
    (global.set $kept (i32.const 0))
    (block $stop
      (loop $line
        (br_if $stop (i32.gt_u (local.get $pos) (local.get $len)))
        (local.set $e (call $find (local.get $pos) (local.get $len) (i32.const 10)))
        ;; a line over 1 MiB is delivered: the framer reports it
        (local.set $v
          (if (result i32) (i32.gt_u (i32.sub (local.get $e) (local.get $pos)) (i32.const 1048576))
            (then (i32.const 1))
            (else
              (if (result i32) (local.get $kind)
                (then (call $auth (local.get $pos) (local.get $e)))
                (else (call $access (local.get $pos) (local.get $e)))))))
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
