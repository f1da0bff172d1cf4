;; The byte prefilters of access-log.ts (plainRequestSkipper) and auth-log.ts (cannotBeLogin) over
;; a whole run of lines, with SIMD to find each line's end, and the facts of the lines kept (the
;; parsers read them instead of the lines' text). Assembled by `npm run build:wasm` into line-scan.wasm.ts.
;;
;; Memory: bytes 0..25 the last access-log time `dd/Mon/yyyy:hh:mm:ss +zzzz` the JavaScript side
;; accepted, byte 31 set once there is one; from 32 the literals below; from OUT = 1024, a record
;; of twelve i32 per line to deliver (room for 21,800): line index, start, end, then for kind 2 the
;; line's fact (0: none, the JavaScript parser reads the line; 1 `Failed`; 2 pam_unix
;; `authentication failure`; 3 `N more authentication failures`; 4 a pam failure whose `Failed`
;; line follows, see $pair; 5 `Accepted`), its count, pid (-1: none), time
;; (month, day, hour, minute, second in 4+5+5+6+6 bits), IPv4 address, user number (-1: none),
;; its address's kind (0 none, 1 IPv4, 2 another: its text is [start, end) in the last two); for
;; kind 3 the fact (0: none; 1 a request read here), status, end of a POST's path, seconds into the
;; accepted hour, IPv4 address, start of a POST's path (-1: not a POST), then the client as for kind
;; 2. From NAMES = 1 MiB the user names numbered so far: 65,536 hash slots (number + 1, 0 when
;; free), then from 1.25 MiB (offset, length, hash) per number; from PAIRS = 1.75 MiB $pair's 4,096
;; slots of 16 bytes; from 2 MiB the names' bytes. From IN = 4 MiB (the offset 4194304 on every load
;; of the run below), the run, followed by 64 zero bytes (what reads past a run's end see, as JavaScript sees
;; undefined). Positions are offsets into the run.
;;
;; scan(kind, pos, len, index) reads the lines from `pos` (line number `index` in the run) with the
;; access (kind 0; kind 3 with facts) or auth (kind 1; kind 2 with facts) prefilter and returns where it stopped: past
;; `len` when the run is done; else at an access line whose time is not the last accepted one
;; (reason 1: the JavaScript side decides it with clfTime and may set a new time) or when OUT is
;; full (reason 2). kept() tells how many records it wrote, next() the index of the line at the
;; returned position, names() how many user names are numbered. reset() readies the module for
;; another file.
(module
  (memory (export "memory") 64)
  (data (i32.const 32) "pam_unix(sshd:auth): ")
  (data (i32.const 64) "Jan\00Feb\00Mar\00Apr\00May\00Jun\00Jul\00Aug\00Sep\00Oct\00Nov\00Dec\00")
  (data (i32.const 128) "Failed ")
  (data (i32.const 136) " for ")
  (data (i32.const 144) "invalid user ")
  (data (i32.const 160) "illegal user ")
  (data (i32.const 176) " port ")
  (data (i32.const 184) " from ")
  (data (i32.const 192) " ssh")
  (data (i32.const 200) "message repeated ")
  (data (i32.const 224) " times: [")
  (data (i32.const 240) "authentication failure;")
  (data (i32.const 272) " more authentication failure")
  (data (i32.const 304) "PAM ")
  (data (i32.const 312) "rhost=")
  (data (i32.const 320) "user=")
  (data (i32.const 328) "-session")
  (data (i32.const 344) "(pam_unix)")
  (data (i32.const 360) "Accepted ")
  (global $kept (mut i32) (i32.const 0))
  (global $next (mut i32) (i32.const 0))
  (global $reason (mut i32) (i32.const 0))
  (global $names (mut i32) (i32.const 0))
  (global $arena (mut i32) (i32.const 0))
  (global $after (mut i32) (i32.const 0))
  (global $bad (mut i32) (i32.const 0))
  ;; $pair's: pam failures of an older epoch are no longer candidates; the last kept line's time
  (global $epoch (mut i32) (i32.const 0))
  (global $lastClock (mut i32) (i32.const 0))
  (func (export "kept") (result i32) (global.get $kept))
  (func (export "next") (result i32) (global.get $next))
  (func (export "reason") (result i32) (global.get $reason))
  (func (export "names") (result i32) (global.get $names))
  ;; for another file: no user names numbered, no access-log time accepted
  (func (export "reset")
    (memory.fill (i32.const 1048576) (i32.const 0) (i32.const 262144))
    (global.set $names (i32.const 0))
    (global.set $arena (i32.const 0))
    (i32.store8 (i32.const 31) (i32.const 0)))

  ;; the first position in [p, e) holding byte `c`, or `e`: 16 bytes at a time, then one by one
  (func $find (param $p i32) (param $e i32) (param $c i32) (result i32)
    (local $mask i32) (local $v v128)
    (local.set $v (i8x16.splat (local.get $c)))
    (block $tail
      (loop $wide
        (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
        (local.set $mask
          (i8x16.bitmask (i8x16.eq (v128.load offset=4194304 (local.get $p)) (local.get $v))))
        (if (local.get $mask)
          (then (return (i32.add (local.get $p) (i32.ctz (local.get $mask))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $wide)))
    (block $done
      (loop $narrow
        (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
        (br_if $done (i32.eq (i32.load8_u offset=4194304 (local.get $p)) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $narrow)))
    (local.get $p))

  ;; `c - 48` is a digit
  (func $digit (param $c i32) (result i32) (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))

;; ` - - [` at h (where the client ends), `]` at h + 32 and `"` at h + 34: the plain shape
  (func $plain (param $h i32) (result i32)
    (i32.and (i32.and (i32.eq (i32.load offset=4194305 (local.get $h)) (i32.const 0x202d202d))
                      (i32.eq (call $at (i32.add (local.get $h) (i32.const 5))) (i32.const 91)))
             (i32.and (i32.eq (call $at (i32.add (local.get $h) (i32.const 32))) (i32.const 93))
                      (i32.eq (call $at (i32.add (local.get $h) (i32.const 34))) (i32.const 34)))))

  ;; the time at t has the day, hour and zone of the last one the JavaScript side accepted
  (func $sameHour (param $t i32) (result i32)
    (if (i32.eqz (i32.load8_u (i32.const 31))) (then (return (i32.const 0))))
    ;; bytes 0..13 as two overlapping 8-byte words, 20..25 as 4 + 2
    (i32.eqz (i32.or (i32.or (i64.ne (i64.load offset=4194304 (local.get $t)) (i64.load (i32.const 0)))
                             (i64.ne (i64.load offset=4194310 (local.get $t)) (i64.load (i32.const 6))))
                     (i32.or (i32.ne (i32.load offset=4194324 (local.get $t)) (i32.load (i32.const 20)))
                             (i32.ne (i32.load16_u offset=4194328 (local.get $t)) (i32.load16_u (i32.const 24)))))))

  ;; the time at t's `:mm:ss` (at most 59 and 60) as seconds into its hour, or -1
  (func $clock (param $t i32) (result i32)
    (local $m i32) (local $sec i32)
    (if (i32.or (i32.ne (call $at (i32.add (local.get $t) (i32.const 14))) (i32.const 58))
                (i32.ne (call $at (i32.add (local.get $t) (i32.const 17))) (i32.const 58)))
      (then (return (i32.const -1))))
    (local.set $m (call $two (i32.add (local.get $t) (i32.const 15))))
    (local.set $sec (call $two (i32.add (local.get $t) (i32.const 18))))
    (if (result i32) (i32.or (i32.gt_u (local.get $m) (i32.const 59)) (i32.gt_u (local.get $sec) (i32.const 60)))
      (then (i32.const -1))
      (else (i32.add (i32.mul (local.get $m) (i32.const 60)) (local.get $sec)))))

    ;; access log: 0 skip the line [s, e); 1 deliver it; 2 its time is new (JavaScript decides)
  (func $access (param $s i32) (param $e i32) (result i32)
    (local $h i32) (local $t i32) (local $q i32) (local $a i32) (local $c2 i32) (local $c3 i32)
    ;; the client ends at the first space
    (local.set $h (call $find (local.get $s) (local.get $e) (i32.const 32)))
    ;; ` - - [<26-char time>] "` and no POST
    (if (i32.lt_u (i32.sub (local.get $e) (local.get $h)) (i32.const 40)) (then (return (i32.const 1))))
    (if (i32.eqz (call $plain (local.get $h))) (then (return (i32.const 1))))
    (if (i32.and (i32.and (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $h) (i32.const 35))) (i32.const 80))
                          (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $h) (i32.const 36))) (i32.const 79)))
                 (i32.and (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $h) (i32.const 37))) (i32.const 83))
                          (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $h) (i32.const 38))) (i32.const 84))))
      (then (return (i32.const 1))))
    ;; the time: the day, hour and zone of the last accepted one, valid minutes and seconds
    (local.set $t (i32.add (local.get $h) (i32.const 6)))
    (if (i32.eqz (call $sameHour (local.get $t))) (then (return (i32.const 2))))
    (if (i32.lt_s (call $clock (local.get $t)) (i32.const 0)) (then (return (i32.const 1))))
    ;; the status after the request's first quote, unescaped: ` 200` then a space or the end
    (local.set $q (call $find (i32.add (local.get $h) (i32.const 35)) (local.get $e) (i32.const 34)))
    (if (i32.lt_u (i32.sub (local.get $e) (local.get $q)) (i32.const 5)) (then (return (i32.const 1))))
    (if (i32.or (i32.eq (i32.load8_u offset=4194304 (i32.sub (local.get $q) (i32.const 1))) (i32.const 92))
                (i32.ne (i32.load8_u offset=4194304 (i32.add (local.get $q) (i32.const 1))) (i32.const 32)))
      (then (return (i32.const 1))))
    (local.set $a (i32.sub (i32.load8_u offset=4194304 (i32.add (local.get $q) (i32.const 2))) (i32.const 48)))
    (local.set $c2 (i32.sub (i32.load8_u offset=4194304 (i32.add (local.get $q) (i32.const 3))) (i32.const 48)))
    (local.set $c3 (i32.sub (i32.load8_u offset=4194304 (i32.add (local.get $q) (i32.const 4))) (i32.const 48)))
    (if (i32.or (i32.or (i32.ge_u (i32.sub (local.get $a) (i32.const 1)) (i32.const 9))
                        (i32.ge_u (local.get $c2) (i32.const 10)))
                (i32.ge_u (local.get $c3) (i32.const 10)))
      (then (return (i32.const 1))))
    (if (i32.and (i32.ne (i32.add (local.get $q) (i32.const 5)) (local.get $e))
                 (i32.ne (i32.load8_u offset=4194304 (i32.add (local.get $q) (i32.const 5))) (i32.const 32)))
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
      (if (i32.and (i32.and (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $s) (i32.const 3))) (i32.const 32))
                            (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $s) (i32.const 9))) (i32.const 58)))
                   (i32.and (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $s) (i32.const 12))) (i32.const 58))
                            (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $s) (i32.const 15))) (i32.const 32))))
        (then (local.set $p (i32.add (local.get $s) (i32.const 16))) (br $header)))
      ;; RFC 3339: the time ends at the first space
      (if (i32.and (i32.and (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $s) (i32.const 4))) (i32.const 45))
                            (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $s) (i32.const 7))) (i32.const 45)))
                   (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $s) (i32.const 10))) (i32.const 84)))
        (then
          (local.set $p (i32.add (call $find (i32.add (local.get $s) (i32.const 19)) (local.get $e) (i32.const 32)) (i32.const 1)))
          (br $header)))
      (return (i32.const 1)))
    ;; the host, then spaces
    (local.set $p (call $find (local.get $p) (local.get $e) (i32.const 32)))
    (block $end
      (loop $spaces
        (br_if $end (i32.ge_s (local.get $p) (local.get $e)))
        (br_if $end (i32.ne (i32.load8_u offset=4194304 (local.get $p)) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $spaces)))
    (if (i32.lt_s (i32.sub (local.get $e) (local.get $p)) (i32.const 8)) (then (return (i32.const 1))))
    ;; not sshd: skip
    (if (i32.eqz (i32.and (i32.and (i32.eq (i32.load8_u offset=4194304 (local.get $p)) (i32.const 115))
                                   (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $p) (i32.const 1))) (i32.const 115)))
                          (i32.and (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $p) (i32.const 2))) (i32.const 104))
                                   (i32.eq (i32.load8_u offset=4194304 (i32.add (local.get $p) (i32.const 3))) (i32.const 100)))))
      (then (return (i32.const 0))))
    ;; the tag's colon within 40 bytes, then a space
    (local.set $colon (i32.add (local.get $p) (i32.const 4)))
    (local.set $limit (i32.add (local.get $p) (i32.const 40)))
    (if (i32.lt_s (local.get $e) (local.get $limit)) (then (local.set $limit (local.get $e))))
    (local.set $colon (call $find (local.get $colon) (local.get $limit) (i32.const 58)))
    (if (i32.or (i32.ge_s (local.get $colon) (local.get $limit))
                (i32.ne (i32.load8_u offset=4194304 (i32.add (local.get $colon) (i32.const 1))) (i32.const 32)))
      (then (return (i32.const 1))))
    ;; `F`ailed, `A`ccepted, `m`essage repeated, `P`AM, `a`uthentication failure, a digit: deliver
    (local.set $m (i32.load8_u offset=4194304 (i32.add (local.get $colon) (i32.const 2))))
    (if (i32.or (i32.or (i32.or (i32.eq (local.get $m) (i32.const 70)) (i32.eq (local.get $m) (i32.const 65)))
                        (i32.or (i32.eq (local.get $m) (i32.const 109)) (i32.eq (local.get $m) (i32.const 80))))
                (i32.or (i32.eq (local.get $m) (i32.const 97)) (call $digit (local.get $m))))
      (then (return (i32.const 1))))
    (if (i32.ne (local.get $m) (i32.const 112)) (then (return (i32.const 0))))
    ;; `pam_unix(sshd:auth): ` then `a`uthentication failure or a count: deliver
    (local.set $next (i32.load8_u offset=4194304 (i32.add (local.get $colon) (i32.const 23))))
    (if (i32.or (i32.le_s (i32.sub (local.get $e) (local.get $colon)) (i32.const 23))
                (i32.eqz (i32.or (i32.eq (local.get $next) (i32.const 97)) (call $digit (local.get $next)))))
      (then (return (i32.const 0))))
    (local.set $k (i32.const 0))
    (loop $pam
      (if (i32.ne (i32.load8_u offset=4194304 (i32.add (i32.add (local.get $colon) (i32.const 2)) (local.get $k)))
                  (i32.load8_u offset=32 (local.get $k)))
        (then (return (i32.const 0))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $pam (i32.lt_u (local.get $k) (i32.const 21))))
    (i32.const 1))

  ;; ---- auth.log facts (kind 2) ----

  (func $at (param $p i32) (result i32) (i32.load8_u offset=4194304 (local.get $p)))

  ;; whitespace below 128 as JavaScript's `\s` reads it: tab to carriage return, and space
  (func $blank (param $c i32) (result i32)
    (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.lt_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 5))))

  ;; a word character of `\b`: [A-Za-z0-9_]
  (func $word (param $c i32) (result i32)
    (i32.or (i32.or (call $digit (local.get $c)) (i32.eq (local.get $c) (i32.const 95)))
            (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 26))))

  ;; the `len` bytes at `lit` start at `p` and end by `e`: eight bytes at a time, the last word
  ;; masked to what remains (reads past a literal or a line are harmless: memory goes on)
  (func $is (param $p i32) (param $e i32) (param $lit i32) (param $len i32) (result i32)
    (local $n i32)
    (if (i32.gt_s (i32.add (local.get $p) (local.get $len)) (local.get $e)) (then (return (i32.const 0))))
    (loop $words
      (local.set $n (local.get $len))
      (if (i32.ge_s (local.get $n) (i32.const 8))
        (then
          (if (i64.ne (i64.load offset=4194304 (local.get $p)) (i64.load (local.get $lit))) (then (return (i32.const 0))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (local.set $lit (i32.add (local.get $lit) (i32.const 8)))
          (local.set $len (i32.sub (local.get $len) (i32.const 8)))
          (br $words))))
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 1))
      (else
        (i64.eqz
          (i64.and (i64.xor (i64.load offset=4194304 (local.get $p)) (i64.load (local.get $lit)))
                   (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $n) (i32.const 3)))) (i64.const 1)))))))

  ;; [s, e) holds a byte ≥ 128: the JavaScript parser then judges the line's UTF-8
  (func $wide (param $s i32) (param $e i32) (result i32)
    (block $tail
      (loop $wide
        (br_if $tail (i32.gt_s (i32.add (local.get $s) (i32.const 16)) (local.get $e)))
        (if (i8x16.bitmask (v128.load offset=4194304 (local.get $s))) (then (return (i32.const 1))))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (br $wide)))
    (block $done
      (loop $narrow
        (br_if $done (i32.ge_s (local.get $s) (local.get $e)))
        (if (i32.ge_u (call $at (local.get $s)) (i32.const 128)) (then (return (i32.const 1))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $narrow)))
    (i32.const 0))

  ;; the decimal number at `p` (1 to 6 digits, else -1); $after is set past its digits
  (func $number (param $p i32) (param $e i32) (result i32)
    (local $n i32) (local $d i32) (local $k i32)
    (block $done
      (loop $digits
        (br_if $done (i32.ge_s (local.get $p) (local.get $e)))
        (local.set $d (i32.sub (call $at (local.get $p)) (i32.const 48)))
        (br_if $done (i32.ge_u (local.get $d) (i32.const 10)))
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (local.get $d)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digits)))
    (global.set $after (local.get $p))
    (if (result i32) (i32.or (i32.eqz (local.get $k)) (i32.gt_u (local.get $k) (i32.const 6)))
      (then (i32.const -1))
      (else (local.get $n))))

  ;; [a, b) as an IPv4 address the way core/ip.ts ipv4Number reads it; $bad is set when it is not one
  (func $ipv4 (param $a i32) (param $b i32) (result i32)
    (local $parts i32) (local $value i32) (local $digits i32) (local $n i32) (local $c i32)
    (global.set $bad (i32.const 1))
    (local.set $value (i32.const -1))
    (block $done
      (loop $bytes
        (local.set $c (if (result i32) (i32.lt_s (local.get $a) (local.get $b))
                        (then (call $at (local.get $a))) (else (i32.const 46))))
        (if (i32.eq (local.get $c) (i32.const 46))
          (then
            (if (i32.or (i32.eqz (local.get $digits)) (i32.gt_s (local.get $value) (i32.const 255))) (then (return (i32.const 0))))
            (local.set $parts (i32.add (local.get $parts) (i32.const 1)))
            (if (i32.gt_u (local.get $parts) (i32.const 4)) (then (return (i32.const 0))))
            (local.set $n (i32.add (i32.shl (local.get $n) (i32.const 8)) (local.get $value)))
            (local.set $value (i32.const -1))
            (local.set $digits (i32.const 0)))
          (else
            (if (i32.eqz (call $digit (local.get $c))) (then (return (i32.const 0))))
            ;; no leading zeros
            (if (i32.and (i32.gt_u (local.get $digits) (i32.const 0)) (i32.eqz (local.get $value))) (then (return (i32.const 0))))
            (if (i32.lt_s (local.get $value) (i32.const 0)) (then (local.set $value (i32.const 0))))
            (local.set $value (i32.add (i32.mul (local.get $value) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
            (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
            (if (i32.gt_u (local.get $digits) (i32.const 3)) (then (return (i32.const 0))))))
        (br_if $done (i32.ge_s (local.get $a) (local.get $b)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $bytes)))
    (if (i32.eq (local.get $parts) (i32.const 4)) (then (global.set $bad (i32.const 0))))
    (local.get $n))

  ;; the number of the user name [a, b), numbering it if new; -2 when the table is full
  (func $intern (param $a i32) (param $b i32) (result i32)
    (local $h i32) (local $p i32) (local $slot i32) (local $v i32) (local $entry i32) (local $len i32) (local $k i32) (local $id i32)
    (local.set $len (i32.sub (local.get $b) (local.get $a)))
    (local.set $h (i32.const 0x811c9dc5))
    (local.set $p (local.get $a))
    (block $hashed
      (loop $hash
        (br_if $hashed (i32.ge_s (local.get $p) (local.get $b)))
        (local.set $h (i32.mul (i32.xor (local.get $h) (call $at (local.get $p))) (i32.const 0x01000193)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $hash)))
    (local.set $slot (i32.shr_u (i32.mul (local.get $h) (i32.const 0x9e3779b1)) (i32.const 16)))
    (block $free
      (loop $probe
        (local.set $v (i32.load offset=1048576 (i32.shl (local.get $slot) (i32.const 2))))
        (br_if $free (i32.eqz (local.get $v)))
        (local.set $entry (i32.add (i32.const 1310720) (i32.mul (i32.sub (local.get $v) (i32.const 1)) (i32.const 12))))
        (block $differs
          (br_if $differs (i32.ne (i32.load offset=8 (local.get $entry)) (local.get $h)))
          (br_if $differs (i32.ne (i32.load offset=4 (local.get $entry)) (local.get $len)))
          (local.set $k (i32.const 0))
          (loop $bytes
            (if (i32.lt_s (local.get $k) (local.get $len))
              (then
                (br_if $differs (i32.ne (i32.load8_u (i32.add (i32.load (local.get $entry)) (local.get $k)))
                                        (call $at (i32.add (local.get $a) (local.get $k)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $bytes))))
          (return (i32.sub (local.get $v) (i32.const 1))))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 65535)))
        (br $probe)))
    ;; at most half the slots used; names' bytes within 2 MiB
    (if (i32.or (i32.ge_u (global.get $names) (i32.const 32768))
                (i32.gt_u (i32.add (global.get $arena) (local.get $len)) (i32.const 2097152)))
      (then (return (i32.const -2))))
    (local.set $id (global.get $names))
    (local.set $entry (i32.add (i32.const 1310720) (i32.mul (local.get $id) (i32.const 12))))
    (i32.store (local.get $entry) (i32.add (i32.const 2097152) (global.get $arena)))
    (i32.store offset=4 (local.get $entry) (local.get $len))
    (i32.store offset=8 (local.get $entry) (local.get $h))
    (memory.copy (i32.add (i32.const 2097152) (global.get $arena)) (i32.add (i32.const 4194304) (local.get $a)) (local.get $len))
    (global.set $arena (i32.add (global.get $arena) (local.get $len)))
    (global.set $names (i32.add (local.get $id) (i32.const 1)))
    (i32.store offset=1048576 (i32.shl (local.get $slot) (i32.const 2)) (i32.add (local.get $id) (i32.const 1)))
    (local.get $id))

  ;; the user name [a, b) into record r (-1 when empty); 0 when the table is full
  (func $user (param $a i32) (param $b i32) (param $r i32) (result i32)
    (local $id i32)
    (local.set $id (i32.const -1))
    (if (i32.lt_s (local.get $a) (local.get $b))
      (then
        (local.set $id (call $intern (local.get $a) (local.get $b)))
        (if (i32.eq (local.get $id) (i32.const -2)) (then (return (i32.const 0))))))
    (i32.store offset=32 (local.get $r) (local.get $id))
    (i32.const 1))

  ;; `Failed <method> for [invalid user ]<user> from <address> port <n>[ ssh2]` ending at e, as auth-log.ts's
  ;; FAILED reads it (the user is what lies before the last ` from`); 0 when it has another shape
  (func $failed (param $m i32) (param $e i32) (param $r i32) (result i32)
    (local $k i32) (local $u i32) (local $t i32) (local $d i32) (local $a i32) (local $from i32) (local $ip i32)
    (if (i32.eqz (call $is (local.get $m) (local.get $e) (i32.const 128) (i32.const 7))) (then (return (i32.const 0))))
    (local.set $k (i32.add (local.get $m) (i32.const 7)))
    (block $end
      (loop $method
        (br_if $end (i32.ge_s (local.get $k) (local.get $e)))
        (br_if $end (call $blank (call $at (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $method)))
    (if (i32.eq (local.get $k) (i32.add (local.get $m) (i32.const 7))) (then (return (i32.const 0))))
    (if (i32.eqz (call $is (local.get $k) (local.get $e) (i32.const 136) (i32.const 5))) (then (return (i32.const 0))))
    (local.set $u (i32.add (local.get $k) (i32.const 5)))
    (if (i32.or (call $is (local.get $u) (local.get $e) (i32.const 144) (i32.const 13))
                (call $is (local.get $u) (local.get $e) (i32.const 160) (i32.const 13)))
      (then (local.set $u (i32.add (local.get $u) (i32.const 13)))))
    ;; from the end: [ ssh1|ssh2], the port's digits, ` port `, the address, ` from `
    (local.set $t (local.get $e))
    (if (i32.and (call $is (i32.sub (local.get $t) (i32.const 5)) (local.get $e) (i32.const 192) (i32.const 4))
                 (i32.lt_u (i32.sub (call $at (i32.sub (local.get $t) (i32.const 1))) (i32.const 49)) (i32.const 2)))
      (then (local.set $t (i32.sub (local.get $t) (i32.const 5)))))
    (local.set $d (local.get $t))
    (block $end
      (loop $digits
        (br_if $end (i32.le_s (local.get $d) (local.get $u)))
        (br_if $end (i32.eqz (call $digit (call $at (i32.sub (local.get $d) (i32.const 1))))))
        (local.set $d (i32.sub (local.get $d) (i32.const 1)))
        (br $digits)))
    (if (i32.eq (local.get $d) (local.get $t)) (then (return (i32.const 0))))
    (local.set $a (i32.sub (local.get $d) (i32.const 6)))
    (if (i32.or (i32.lt_s (local.get $a) (local.get $u))
                (i32.eqz (call $is (local.get $a) (local.get $e) (i32.const 176) (i32.const 6))))
      (then (return (i32.const 0))))
    (local.set $k (local.get $a))
    (block $end
      (loop $address
        (br_if $end (i32.le_s (local.get $k) (local.get $u)))
        (br_if $end (call $blank (call $at (i32.sub (local.get $k) (i32.const 1)))))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $address)))
    (local.set $from (i32.sub (local.get $k) (i32.const 6)))
    (if (i32.or (i32.or (i32.eq (local.get $k) (local.get $a)) (i32.lt_s (local.get $from) (local.get $u)))
                (i32.eqz (call $is (local.get $from) (local.get $e) (i32.const 184) (i32.const 6))))
      (then (return (i32.const 0))))
    (call $address (local.get $k) (local.get $a) (local.get $r))
    (if (i32.eqz (call $user (local.get $u) (local.get $from) (local.get $r))) (then (return (i32.const 0))))
    (i32.const 1))

  ;; `Accepted <method> for <user> from <address> port <n>[ ssh1| ssh2][:…]` ending at e, as
  ;; auth-log.ts's ACCEPTED reads it: the user is what lies before the last ` from ` that the rest
  ;; of the line fits (a key's fingerprint may follow a colon); 0 when it has another shape
  (func $accepted (param $m i32) (param $e i32) (param $r i32) (result i32)
    (local $k i32) (local $u i32) (local $f i32)
    (if (i32.eqz (call $is (local.get $m) (local.get $e) (i32.const 360) (i32.const 9))) (then (return (i32.const 0))))
    ;; `.` matches no carriage return: such a line is parsed as text
    (if (i32.lt_s (call $find (local.get $m) (local.get $e) (i32.const 13)) (local.get $e)) (then (return (i32.const 0))))
    (local.set $k (i32.add (local.get $m) (i32.const 9)))
    (block $end
      (loop $method
        (br_if $end (i32.ge_s (local.get $k) (local.get $e)))
        (br_if $end (call $blank (call $at (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $method)))
    (if (i32.eq (local.get $k) (i32.add (local.get $m) (i32.const 9))) (then (return (i32.const 0))))
    (if (i32.eqz (call $is (local.get $k) (local.get $e) (i32.const 136) (i32.const 5))) (then (return (i32.const 0))))
    (local.set $u (i32.add (local.get $k) (i32.const 5)))
    (local.set $f (i32.sub (local.get $e) (i32.const 6)))
    (loop $from
      (if (i32.lt_s (local.get $f) (local.get $u)) (then (return (i32.const 0))))
      (if (i32.and (call $is (local.get $f) (local.get $e) (i32.const 184) (i32.const 6))
                   (call $login (i32.add (local.get $f) (i32.const 6)) (local.get $e) (local.get $r)))
        (then
          (if (i32.eqz (call $user (local.get $u) (local.get $f) (local.get $r))) (then (return (i32.const 0))))
          (return (i32.const 5))))
      (local.set $f (i32.sub (local.get $f) (i32.const 1)))
      (br $from))
    (i32.const 0))

  ;; `<address> port <n>[ ssh1| ssh2]` then the end or a colon, from a to e: 1, with the address
  ;; into record r; else 0
  (func $login (param $a i32) (param $e i32) (param $r i32) (result i32)
    (local $k i32) (local $p i32) (local $d i32)
    (local.set $k (local.get $a))
    (block $end
      (loop $address
        (br_if $end (i32.ge_s (local.get $k) (local.get $e)))
        (br_if $end (call $blank (call $at (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $address)))
    (if (i32.or (i32.eq (local.get $k) (local.get $a))
                (i32.eqz (call $is (local.get $k) (local.get $e) (i32.const 176) (i32.const 6))))
      (then (return (i32.const 0))))
    (local.set $p (i32.add (local.get $k) (i32.const 6)))
    (local.set $d (local.get $p))
    (block $end
      (loop $digits
        (br_if $end (i32.ge_s (local.get $d) (local.get $e)))
        (br_if $end (i32.eqz (call $digit (call $at (local.get $d)))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $digits)))
    (if (i32.eq (local.get $d) (local.get $p)) (then (return (i32.const 0))))
    (if (i32.and (call $is (local.get $d) (local.get $e) (i32.const 192) (i32.const 4))
                 (i32.lt_u (i32.sub (call $at (i32.add (local.get $d) (i32.const 4))) (i32.const 49)) (i32.const 2)))
      (then (local.set $d (i32.add (local.get $d) (i32.const 5)))))
    (if (i32.and (i32.lt_s (local.get $d) (local.get $e)) (i32.ne (call $at (local.get $d)) (i32.const 58)))
      (then (return (i32.const 0))))
    (call $address (local.get $a) (local.get $k) (local.get $r))
    (i32.const 1))

  ;; the address [a, b) into record r: an IPv4 one as its number, another as its position
  (func $address (param $a i32) (param $b i32) (param $r i32)
    (local $ip i32)
    (local.set $ip (call $ipv4 (local.get $a) (local.get $b)))
    (if (global.get $bad)
      (then
        (i32.store offset=36 (local.get $r) (i32.const 2))
        (i32.store offset=40 (local.get $r) (local.get $a))
        (i32.store offset=44 (local.get $r) (local.get $b)))
      (else
        (i32.store offset=36 (local.get $r) (i32.const 1))
        (i32.store offset=28 (local.get $r) (local.get $ip)))))

  ;; a pam message's `rhost=<address> [user=<name>]` (auth-log.ts RHOST, searched from the line's
  ;; start s) into record r; 0 when the user table is full. `from` is where the message's fixed
  ;; words end: when [s, from) holds no `=`, it holds no `rhost=` either, and the search starts there.
  (func $rhost (param $s i32) (param $from i32) (param $e i32) (param $r i32) (result i32)
    (local $i i32) (local $a i32) (local $k i32) (local $ip i32)
    (local.set $i (local.get $s))
    (if (i32.eq (call $find (local.get $s) (local.get $from) (i32.const 61)) (local.get $from))
      (then (local.set $i (local.get $from))))
    (block $found
      (loop $search
        (local.set $i (call $find (local.get $i) (local.get $e) (i32.const 114)))
        (if (i32.ge_s (local.get $i) (local.get $e))
          (then
            (i32.store offset=36 (local.get $r) (i32.const 0))
            (i32.store offset=32 (local.get $r) (i32.const -1))
            (return (i32.const 1))))
        (br_if $found (i32.and (call $is (local.get $i) (local.get $e) (i32.const 312) (i32.const 6))
                               (i32.or (i32.eq (local.get $i) (local.get $s))
                                       (i32.eqz (call $word (call $at (i32.sub (local.get $i) (i32.const 1))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $search)))
    (local.set $a (i32.add (local.get $i) (i32.const 6)))
    (local.set $k (local.get $a))
    (block $end
      (loop $address
        (br_if $end (i32.ge_s (local.get $k) (local.get $e)))
        (br_if $end (call $blank (call $at (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $address)))
    (i32.store offset=36 (local.get $r) (i32.const 0))
    (if (i32.ne (local.get $k) (local.get $a)) (then (call $address (local.get $a) (local.get $k) (local.get $r))))
    (block $end
      (loop $spaces
        (br_if $end (i32.ge_s (local.get $k) (local.get $e)))
        (br_if $end (i32.eqz (call $blank (call $at (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $spaces)))
    (if (i32.eqz (call $is (local.get $k) (local.get $e) (i32.const 320) (i32.const 5)))
      (then (i32.store offset=32 (local.get $r) (i32.const -1)) (return (i32.const 1))))
    (local.set $a (i32.add (local.get $k) (i32.const 5)))
    (local.set $k (local.get $a))
    (block $end
      (loop $name
        (br_if $end (i32.ge_s (local.get $k) (local.get $e)))
        (br_if $end (call $blank (call $at (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $name)))
    (call $user (local.get $a) (local.get $k) (local.get $r)))

  ;; `authentication failure;` at m: fact 2
  (func $pamFailure (param $s i32) (param $m i32) (param $e i32) (param $r i32) (result i32)
    (if (i32.eqz (call $is (local.get $m) (local.get $e) (i32.const 240) (i32.const 23))) (then (return (i32.const 0))))
    (if (i32.eqz (call $rhost (local.get $s) (i32.add (local.get $m) (i32.const 23)) (local.get $e) (local.get $r)))
      (then (return (i32.const 0))))
    (i32.store offset=16 (local.get $r) (i32.const 1))
    (i32.const 2))

  ;; `<n> more authentication failure[s];` at m: fact 3
  (func $pamMore (param $s i32) (param $m i32) (param $e i32) (param $r i32) (result i32)
    (local $n i32) (local $k i32)
    (local.set $n (call $number (local.get $m) (local.get $e)))
    (if (i32.lt_s (local.get $n) (i32.const 1)) (then (return (i32.const 0))))
    (local.set $k (global.get $after))
    (if (i32.eqz (call $is (local.get $k) (local.get $e) (i32.const 272) (i32.const 28))) (then (return (i32.const 0))))
    (local.set $k (i32.add (local.get $k) (i32.const 28)))
    (if (i32.eq (call $at (local.get $k)) (i32.const 115)) (then (local.set $k (i32.add (local.get $k) (i32.const 1)))))
    (if (i32.or (i32.ge_s (local.get $k) (local.get $e)) (i32.ne (call $at (local.get $k)) (i32.const 59)))
      (then (return (i32.const 0))))
    (if (i32.eqz (call $rhost (local.get $s) (i32.add (local.get $k) (i32.const 1)) (local.get $e) (local.get $r)))
      (then (return (i32.const 0))))
    (i32.store offset=16 (local.get $r) (local.get $n))
    (i32.const 3))

  ;; two digits at p, or -1
  (func $two (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.sub (call $at (local.get $p)) (i32.const 48)))
    (local.set $b (i32.sub (call $at (i32.add (local.get $p) (i32.const 1))) (i32.const 48)))
    (if (result i32) (i32.or (i32.ge_u (local.get $a) (i32.const 10)) (i32.ge_u (local.get $b) (i32.const 10)))
      (then (i32.const -1))
      (else (i32.add (i32.mul (local.get $a) (i32.const 10)) (local.get $b)))))

  ;; the facts of the kept auth line [s, e) into record r (see the top); fact 0 whenever the line is
  ;; not a plain ASCII `Mmm dd hh:mm:ss host sshd[pid]: ` line of one of the messages read here.
  ;; Returns 1 when that header was read (the record holds the line's pid and time), else 0.
  (func $facts (param $s i32) (param $e i32) (param $r i32) (result i32)
    (local $month i32) (local $day i32) (local $hour i32) (local $min i32) (local $sec i32)
    (local $p i32) (local $q i32) (local $pid i32) (local $m i32) (local $c i32) (local $n i32)
    (local $i i32) (local $j i32) (local $fact i32)
    (i32.store offset=12 (local.get $r) (i32.const 0))
    (if (i32.lt_s (i32.sub (local.get $e) (local.get $s)) (i32.const 24)) (then (return (i32.const 0))))
    (if (call $wide (local.get $s) (local.get $e)) (then (return (i32.const 0))))
    ;; `Mmm dd hh:mm:ss ` or `Mmm  d hh:mm:ss `
    (local.set $month (i32.const 0))
    (local.set $c (i32.and (i32.load offset=4194304 (local.get $s)) (i32.const 0xffffff)))
    (block $found
      (loop $months
        (br_if $found (i32.eq (i32.load offset=64 (i32.shl (local.get $month) (i32.const 2))) (local.get $c)))
        (local.set $month (i32.add (local.get $month) (i32.const 1)))
        (br_if $months (i32.lt_u (local.get $month) (i32.const 12)))
        (return (i32.const 0))))
    (if (i32.or (i32.ne (call $at (i32.add (local.get $s) (i32.const 3))) (i32.const 32))
                (i32.ne (call $at (i32.add (local.get $s) (i32.const 6))) (i32.const 32)))
      (then (return (i32.const 0))))
    (local.set $day
      (if (result i32) (i32.eq (call $at (i32.add (local.get $s) (i32.const 4))) (i32.const 32))
        (then
          (if (result i32) (call $digit (call $at (i32.add (local.get $s) (i32.const 5))))
            (then (i32.sub (call $at (i32.add (local.get $s) (i32.const 5))) (i32.const 48)))
            (else (i32.const -1))))
        (else (call $two (i32.add (local.get $s) (i32.const 4))))))
    (local.set $hour (call $two (i32.add (local.get $s) (i32.const 7))))
    (local.set $min (call $two (i32.add (local.get $s) (i32.const 10))))
    (local.set $sec (call $two (i32.add (local.get $s) (i32.const 13))))
    (if (i32.or (i32.or (i32.or (i32.ge_u (i32.sub (local.get $day) (i32.const 1)) (i32.const 31))
                                (i32.gt_u (local.get $hour) (i32.const 23)))
                        (i32.or (i32.gt_u (local.get $min) (i32.const 59)) (i32.gt_u (local.get $sec) (i32.const 60))))
                (i32.or (i32.or (i32.ne (call $at (i32.add (local.get $s) (i32.const 9))) (i32.const 58))
                                (i32.ne (call $at (i32.add (local.get $s) (i32.const 12))) (i32.const 58)))
                        (i32.or (i32.ne (call $at (i32.add (local.get $s) (i32.const 15))) (i32.const 32))
                                (i32.eq (call $at (i32.add (local.get $s) (i32.const 16))) (i32.const 32)))))
      (then (return (i32.const 0))))
    ;; the host, spaces, `sshd[-session][(pam_unix)][[pid]]: `
    (local.set $p (call $find (i32.add (local.get $s) (i32.const 16)) (local.get $e) (i32.const 32)))
    (if (i32.ge_s (local.get $p) (local.get $e)) (then (return (i32.const 0))))
    (block $end
      (loop $spaces
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $end (i32.ge_s (local.get $p) (local.get $e)))
        (br_if $spaces (i32.eq (call $at (local.get $p)) (i32.const 32)))))
    (if (i32.or (i32.gt_s (i32.add (local.get $p) (i32.const 8)) (local.get $e))
                (i32.ne (i32.load offset=4194304 (local.get $p)) (i32.const 0x64687373)))
      (then (return (i32.const 0))))
    (local.set $q (i32.add (local.get $p) (i32.const 4)))
    (if (call $is (local.get $q) (local.get $e) (i32.const 328) (i32.const 8)) (then (local.set $q (i32.add (local.get $q) (i32.const 8)))))
    (if (call $is (local.get $q) (local.get $e) (i32.const 344) (i32.const 10)) (then (local.set $q (i32.add (local.get $q) (i32.const 10)))))
    (local.set $pid (i32.const -1))
    (if (i32.eq (call $at (local.get $q)) (i32.const 91))
      (then
        (local.set $pid (i32.const 0))
        (local.set $i (i32.add (local.get $q) (i32.const 1)))
        (block $end
          (loop $digits
            (br_if $end (i32.eqz (call $digit (call $at (local.get $i)))))
            (local.set $pid (i32.add (i32.mul (local.get $pid) (i32.const 10)) (i32.sub (call $at (local.get $i)) (i32.const 48))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digits)))
        (local.set $n (i32.sub (local.get $i) (i32.add (local.get $q) (i32.const 1))))
        (if (i32.or (i32.or (i32.eqz (local.get $n)) (i32.gt_u (local.get $n) (i32.const 9)))
                    (i32.ne (call $at (local.get $i)) (i32.const 93)))
          (then (return (i32.const 0))))
        (local.set $q (i32.add (local.get $i) (i32.const 1)))))
    (if (i32.or (i32.ge_s (local.get $q) (local.get $e)) (i32.ne (call $at (local.get $q)) (i32.const 58))) (then (return (i32.const 0))))
    (if (i32.eq (call $at (i32.add (local.get $q) (i32.const 1))) (i32.const 32)) (then (local.set $q (i32.add (local.get $q) (i32.const 1)))))
    (local.set $m (i32.add (local.get $q) (i32.const 1)))
    (i32.store offset=16 (local.get $r) (i32.const 1))
    (i32.store offset=20 (local.get $r) (local.get $pid))
    (i32.store offset=24 (local.get $r)
      (i32.or (i32.or (i32.shl (local.get $month) (i32.const 22)) (i32.shl (local.get $day) (i32.const 17)))
              (i32.or (i32.or (i32.shl (local.get $hour) (i32.const 12)) (i32.shl (local.get $min) (i32.const 6)))
                      (local.get $sec))))
    (local.set $c (call $at (local.get $m)))
    (block $read
      (if (i32.eq (local.get $c) (i32.const 70))
        (then (local.set $fact (call $failed (local.get $m) (local.get $e) (local.get $r))) (br $read)))
      (if (i32.eq (local.get $c) (i32.const 65))
        (then (local.set $fact (call $accepted (local.get $m) (local.get $e) (local.get $r))) (br $read)))
      (if (i32.eq (local.get $c) (i32.const 97))
        (then (local.set $fact (call $pamFailure (local.get $s) (local.get $m) (local.get $e) (local.get $r))) (br $read)))
      (if (call $digit (local.get $c))
        (then (local.set $fact (call $pamMore (local.get $s) (local.get $m) (local.get $e) (local.get $r))) (br $read)))
      (if (i32.and (i32.eq (local.get $c) (i32.const 80)) (call $is (local.get $m) (local.get $e) (i32.const 304) (i32.const 4)))
        (then (local.set $fact (call $pamMore (local.get $s) (i32.add (local.get $m) (i32.const 4)) (local.get $e) (local.get $r))) (br $read)))
      (if (i32.and (i32.eq (local.get $c) (i32.const 112)) (call $is (local.get $m) (local.get $e) (i32.const 32) (i32.const 21)))
        (then
          (local.set $m (i32.add (local.get $m) (i32.const 21)))
          (local.set $fact
            (if (result i32) (i32.eq (call $at (local.get $m)) (i32.const 97))
              (then (call $pamFailure (local.get $s) (local.get $m) (local.get $e) (local.get $r)))
              (else (call $pamMore (local.get $s) (local.get $m) (local.get $e) (local.get $r)))))
          (br $read)))
      ;; `message repeated N times: [ Failed … ]`: N attempts of the inner `Failed` line
      (if (i32.and (i32.eq (local.get $c) (i32.const 109)) (call $is (local.get $m) (local.get $e) (i32.const 200) (i32.const 17)))
        (then
          (local.set $n (call $number (i32.add (local.get $m) (i32.const 17)) (local.get $e)))
          (br_if $read (i32.lt_s (local.get $n) (i32.const 1)))
          (local.set $i (global.get $after))
          (br_if $read (i32.eqz (call $is (local.get $i) (local.get $e) (i32.const 224) (i32.const 9))))
          (local.set $i (i32.add (local.get $i) (i32.const 9)))
          (br_if $read (i32.ne (call $at (i32.sub (local.get $e) (i32.const 1))) (i32.const 93)))
          (local.set $j (i32.sub (local.get $e) (i32.const 1)))
          (block $end
            (loop $lead
              (br_if $end (i32.ge_s (local.get $i) (local.get $j)))
              (br_if $end (i32.eqz (call $blank (call $at (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $lead)))
          (block $end
            (loop $trail
              (br_if $end (i32.le_s (local.get $j) (local.get $i)))
              (br_if $end (i32.eqz (call $blank (call $at (i32.sub (local.get $j) (i32.const 1))))))
              (local.set $j (i32.sub (local.get $j) (i32.const 1)))
              (br $trail)))
          (local.set $fact (call $failed (local.get $i) (local.get $j) (local.get $r)))
          (i32.store offset=16 (local.get $r) (local.get $n)))))
    (i32.store offset=12 (local.get $r) (local.get $fact))
    (i32.const 1))

  ;; A pam failure whose `Failed` line follows is one attempt with it: auth-log.ts then need not
  ;; hold it. Record r (kind 2, its header read when `read` is 1) is the next kept line of its pid
  ;; after a pam failure (fact 2) of the same scan: when it says `Failed` in the same hour, under
  ;; 60 s and 256 kept lines later, that pam failure's fact becomes 4. Only while nothing between
  ;; could change what the JavaScript side does with a held pam failure: every kept line between
  ;; has its header read (so its pid is known) and a time no earlier than the one before it (so
  ;; no sweep between finds it due, and no other waiting failure sorts before it); any other line
  ;; starts a new epoch. Candidates are kept by pid & 4095 in PAIRS: (pid, record, time, epoch).
  (func $pair (param $r i32) (param $read i32)
    (local $pid i32) (local $clock i32) (local $slot i32) (local $l1 i32) (local $t1 i32)
    (local.set $clock (i32.load offset=24 (local.get $r)))
    (if (i32.or (i32.or (i32.eqz (local.get $read)) (i32.lt_u (local.get $clock) (global.get $lastClock)))
                (i32.gt_u (i32.sub (i32.load offset=8 (local.get $r)) (i32.load offset=4 (local.get $r))) (i32.const 1048576)))
      (then
        (global.set $epoch (i32.add (global.get $epoch) (i32.const 1)))
        (global.set $lastClock (i32.const 0))
        (return)))
    (global.set $lastClock (local.get $clock))
    (local.set $pid (i32.load offset=20 (local.get $r)))
    (if (i32.lt_s (local.get $pid) (i32.const 0)) (then (return)))
    (local.set $slot (i32.add (i32.const 1835008) (i32.shl (i32.and (local.get $pid) (i32.const 4095)) (i32.const 4))))
    (if (i32.and (i32.eq (i32.load (local.get $slot)) (local.get $pid))
                 (i32.eq (i32.load offset=12 (local.get $slot)) (global.get $epoch)))
      (then
        (local.set $l1 (i32.load offset=4 (local.get $slot)))
        (local.set $t1 (i32.load offset=8 (local.get $slot)))
        (if (i32.and (i32.and (i32.eq (i32.load offset=12 (local.get $r)) (i32.const 1))
                              (i32.eq (i32.shr_u (local.get $clock) (i32.const 12)) (i32.shr_u (local.get $t1) (i32.const 12))))
                     (i32.and (i32.lt_u (i32.sub (call $seconds (local.get $clock)) (call $seconds (local.get $t1))) (i32.const 60))
                              (i32.le_u (i32.sub (local.get $r) (local.get $l1)) (i32.const 12288))))
          (then (i32.store offset=12 (local.get $l1) (i32.const 4))))
        (i32.store offset=12 (local.get $slot) (i32.const -1))))
    (if (i32.eq (i32.load offset=12 (local.get $r)) (i32.const 2))
      (then
        (i32.store (local.get $slot) (local.get $pid))
        (i32.store offset=4 (local.get $slot) (local.get $r))
        (i32.store offset=8 (local.get $slot) (local.get $clock))
        (i32.store offset=12 (local.get $slot) (global.get $epoch)))))

  ;; a packed time's minutes and seconds as seconds into its hour
  (func $seconds (param $clock i32) (result i32)
    (i32.add (i32.mul (i32.and (i32.shr_u (local.get $clock) (i32.const 6)) (i32.const 63)) (i32.const 60))
             (i32.and (local.get $clock) (i32.const 63))))

;; ---- access-log facts (kind 3) ----

  ;; the facts of the kept access line [s, e) into record r (see the top): fact 1 for a plain ASCII
  ;; `client - - [time] "METHOD /url HTTP/…" status bytes …` line of the last accepted hour that
  ;; access-log.ts parseDefault reads as it is (no backslash, a byte count or `-`, closed quotes;
  ;; a carriage return at the end fails these checks or is what follows the last quote); else fact
  ;; 0 and the JavaScript parser reads the line
  (func $request (param $s i32) (param $e i32) (param $r i32)
    (local $h i32) (local $t i32) (local $clock i32) (local $r0 i32) (local $q i32)
    (local $s1 i32) (local $s2 i32) (local $u i32) (local $p i32) (local $k i32)
    (i32.store offset=12 (local.get $r) (i32.const 0))
    (if (call $wide (local.get $s) (local.get $e)) (then (return)))
    (if (i32.lt_s (call $find (local.get $s) (local.get $e) (i32.const 92)) (local.get $e)) (then (return)))
    (local.set $h (call $find (local.get $s) (local.get $e) (i32.const 32)))
    (if (i32.or (i32.eq (local.get $h) (local.get $s)) (i32.lt_s (i32.sub (local.get $e) (local.get $h)) (i32.const 40)))
      (then (return)))
    ;; the plain shape with `] "` (parseDefault's test), a time of the accepted hour
    (if (i32.or (i32.eqz (call $plain (local.get $h)))
                (i32.ne (call $at (i32.add (local.get $h) (i32.const 33))) (i32.const 32)))
      (then (return)))
    (local.set $t (i32.add (local.get $h) (i32.const 6)))
    (if (i32.eqz (call $sameHour (local.get $t))) (then (return)))
    (local.set $clock (call $clock (local.get $t)))
    (if (i32.lt_s (local.get $clock) (i32.const 0)) (then (return)))
    ;; the request up to the first quote, then ` 200` and a space or the end
    (local.set $r0 (i32.add (local.get $h) (i32.const 35)))
    (local.set $q (call $find (local.get $r0) (local.get $e) (i32.const 34)))
    (if (i32.lt_s (i32.sub (local.get $e) (local.get $q)) (i32.const 5)) (then (return)))
    (if (i32.or (i32.or (i32.ne (call $at (i32.add (local.get $q) (i32.const 1))) (i32.const 32))
                        (i32.ge_u (i32.sub (call $at (i32.add (local.get $q) (i32.const 2))) (i32.const 49)) (i32.const 9)))
                (i32.or (i32.eqz (call $digit (call $at (i32.add (local.get $q) (i32.const 3)))))
                        (i32.eqz (call $digit (call $at (i32.add (local.get $q) (i32.const 4)))))))
      (then (return)))
    (local.set $p (i32.add (local.get $q) (i32.const 5)))
    (if (i32.and (i32.lt_s (local.get $p) (local.get $e)) (i32.ne (call $at (local.get $p)) (i32.const 32)))
      (then (return)))
    ;; the byte count or `-`, then a closed referrer and agent when they are there
    (if (i32.lt_s (local.get $p) (local.get $e))
      (then
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $k (local.get $p))
        (block $end
          (loop $digits
            (br_if $end (i32.ge_s (local.get $p) (local.get $e)))
            (br_if $end (i32.eqz (call $digit (call $at (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $digits)))
        (if (i32.and (i32.eq (local.get $p) (local.get $k)) (i32.lt_s (local.get $p) (local.get $e)))
          (then (if (i32.eq (call $at (local.get $p)) (i32.const 45)) (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))))
        (if (i32.and (i32.lt_s (local.get $p) (local.get $e)) (i32.ne (call $at (local.get $p)) (i32.const 32)))
          (then (return)))))
    (if (i32.and (i32.lt_s (i32.add (local.get $p) (i32.const 1)) (local.get $e))
                 (i32.eq (call $at (i32.add (local.get $p) (i32.const 1))) (i32.const 34)))
      (then
        (local.set $k (call $find (i32.add (local.get $p) (i32.const 2)) (local.get $e) (i32.const 34)))
        (if (i32.ge_s (local.get $k) (local.get $e)) (then (return)))
        (if (i32.and (i32.lt_s (i32.add (local.get $k) (i32.const 2)) (local.get $e))
                     (i32.eq (i32.load16_u offset=4194305 (local.get $k)) (i32.const 0x2220)))
          (then
            (if (i32.ge_s (call $find (i32.add (local.get $k) (i32.const 3)) (local.get $e) (i32.const 34)) (local.get $e))
              (then (return)))))))
    ;; the facts: status, the time within the hour, the client
    (i32.store offset=16 (local.get $r)
      (i32.sub (i32.add (i32.add (i32.mul (call $at (i32.add (local.get $q) (i32.const 2))) (i32.const 100))
                                 (i32.mul (call $at (i32.add (local.get $q) (i32.const 3))) (i32.const 10)))
                        (call $at (i32.add (local.get $q) (i32.const 4))))
               (i32.const 5328)))
    ;; a POST's path as splitRequest and urlPath read it: `POST /path[?…] HTTP/…`, or HTTP/0.9's
    ;; `POST /path[?…]` (the text parser reads any other POST); no other request needs its path
    (i32.store offset=32 (local.get $r) (i32.const -1))
    (if (i32.and (i32.eq (i32.load offset=4194304 (local.get $r0)) (i32.const 0x54534f50))
                 (i32.eq (call $at (i32.add (local.get $r0) (i32.const 4))) (i32.const 32)))
      (then
        (local.set $s1 (i32.add (local.get $r0) (i32.const 4)))
        (if (i32.ne (call $at (i32.add (local.get $s1) (i32.const 1))) (i32.const 47)) (then (return)))
        ;; the last space of the request
        (local.set $s2 (i32.sub (local.get $q) (i32.const 9)))
        (if (i32.or (i32.le_s (local.get $s2) (local.get $r0)) (i32.ne (call $at (local.get $s2)) (i32.const 32)))
          (then
            (local.set $s2 (i32.sub (local.get $q) (i32.const 1)))
            (loop $back
              (if (i32.ne (call $at (local.get $s2)) (i32.const 32))
                (then (local.set $s2 (i32.sub (local.get $s2) (i32.const 1))) (br $back))))))
        (if (i32.and (i32.gt_s (local.get $s2) (i32.add (local.get $s1) (i32.const 1)))
                     (i32.and (i32.eq (i32.load offset=4194305 (local.get $s2)) (i32.const 0x50545448))
                              (i32.eq (call $at (i32.add (local.get $s2) (i32.const 5))) (i32.const 47))))
          (then (local.set $u (local.get $s2)))
          (else
            (if (i32.ne (local.get $s2) (local.get $s1)) (then (return)))
            (local.set $u (local.get $q))))
        (i32.store offset=32 (local.get $r) (i32.add (local.get $s1) (i32.const 1)))
        (i32.store offset=20 (local.get $r) (call $find (i32.add (local.get $s1) (i32.const 1)) (local.get $u) (i32.const 63)))))
    (i32.store offset=24 (local.get $r) (local.get $clock))
    (call $address (local.get $s) (local.get $h) (local.get $r))
    (i32.store offset=12 (local.get $r) (i32.const 1)))

  (func (export "scan") (param $kind i32) (param $pos i32) (param $len i32) (param $index i32) (result i32)
    (local $e i32) (local $v i32) (local $out i32)
    (global.set $kept (i32.const 0))
    ;; records of an earlier scan are delivered: no pam failure there is a candidate any more
    (global.set $epoch (i32.add (global.get $epoch) (i32.const 1)))
    (global.set $lastClock (i32.const 0))
    (block $stop
      (loop $line
        (br_if $stop (i32.gt_u (local.get $pos) (local.get $len)))
        (local.set $e (call $find (local.get $pos) (local.get $len) (i32.const 10)))
        ;; a line over 1 MiB is delivered: the framer reports it
        (local.set $v
          (if (result i32) (i32.gt_u (i32.sub (local.get $e) (local.get $pos)) (i32.const 1048576))
            (then (i32.const 1))
            (else
              (if (result i32) (i32.lt_u (i32.sub (local.get $kind) (i32.const 1)) (i32.const 2))
                (then (call $auth (local.get $pos) (local.get $e)))
                (else (call $access (local.get $pos) (local.get $e)))))))
        (if (i32.eq (local.get $v) (i32.const 2))
          (then (global.set $reason (i32.const 1)) (br $stop)))
        (if (local.get $v)
          (then
            (if (i32.eq (global.get $kept) (i32.const 21800))
              (then (global.set $reason (i32.const 2)) (br $stop)))
            (local.set $out (i32.add (i32.const 1024) (i32.mul (global.get $kept) (i32.const 48))))
            (i32.store (local.get $out) (local.get $index))
            (i32.store offset=4 (local.get $out) (local.get $pos))
            (i32.store offset=8 (local.get $out) (local.get $e))
            (if (i32.eq (local.get $kind) (i32.const 2))
              (then (call $pair (local.get $out) (call $facts (local.get $pos) (local.get $e) (local.get $out)))))
            (if (i32.eq (local.get $kind) (i32.const 3))
              (then (call $request (local.get $pos) (local.get $e) (local.get $out))))
            (global.set $kept (i32.add (global.get $kept) (i32.const 1)))))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (local.set $pos (i32.add (local.get $e) (i32.const 1)))
        (br $line)))
    (if (i32.gt_u (local.get $pos) (local.get $len)) (then (global.set $reason (i32.const 0))))
    (global.set $next (local.get $index))
    (local.get $pos))
)
