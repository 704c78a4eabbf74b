// AssemblyScript (compiled by scripts/build-simd.ts, not by tsc): the three matrix products of
// src/lib/matrix.ts in WebAssembly SIMD128, on float64 numbers in this module's linear memory.
//
// Every product is C[i, j] = Σ_k L(i, k) · R(k, j), summed from +0 in ascending k, exactly like the
// TypeScript loops. The two lanes of a vector always hold two *different* output columns, never two
// partial sums of one entry, and there is no fused multiply-add: each lane does the same
// multiplication and addition, in the same order, as the scalar loop, so the bits are the same.
//
// Addresses and strides are in bytes. L(i, k) is the float64 at l + i·lRow + k·lK, so one kernel
// serves A·B (lRow = 8K, lK = 8), Aᵀ·B (lRow = 8, lK = 8M) and A·Bᵀ (as A·B, with R transposed
// while it is packed).

/** Where JavaScript may start placing matrices: after whatever the compiler put in memory. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/**
 * Copies R (K×N, R(k, j) at r + k·rK + j·rCol) into column panels of four: panel p holds columns
 * 4p…4p+3 as K consecutive groups of four float64s (32 bytes per k), zero past column N. The
 * multiply loop then reads one contiguous run per panel, whatever R's layout was.
 */
export function packColumns(r: usize, rK: usize, rCol: usize, K: i32, N: i32, q: usize): void {
  const full = N & ~3;
  for (let j = 0; j < full; j += 4) {
    let src = r + <usize>j * rCol;
    if (rCol == 8) {
      for (let k = 0; k < K; k++, src += rK, q += 32) {
        v128.store(q, v128.load(src));
        v128.store(q, v128.load(src, 16), 16);
      }
    } else {
      for (let k = 0; k < K; k++, src += rK, q += 32) {
        f64.store(q, f64.load(src));
        f64.store(q, f64.load(src + rCol), 8);
        f64.store(q, f64.load(src + 2 * rCol), 16);
        f64.store(q, f64.load(src + 3 * rCol), 24);
      }
    }
  }
  if (full < N) {
    const left = N - full;
    const base = r + <usize>full * rCol;
    for (let k = 0; k < K; k++, q += 32) {
      const src = base + <usize>k * rK;
      v128.store(q, f64x2.splat(0));
      v128.store(q, f64x2.splat(0), 16);
      for (let c = 0; c < left; c++) f64.store(q + 8 * c, f64.load(src + <usize>c * rCol));
    }
  }
}

/**
 * C (M×N, row-major at c) = L · R with R packed by packColumns at q. Each 4×4 block of C lives in
 * eight vectors while k runs: per k, two vector loads from the panel and four broadcasts from L feed
 * eight multiplications and eight additions. Rows past M repeat the last row (their results are
 * never stored); columns past N are the panel's zeros (likewise).
 */
export function multiply(l: usize, lRow: usize, lK: usize, q: usize, c: usize, M: i32, K: i32, N: i32): void {
  const panels = (N + 3) >> 2;
  const rowBytes = <usize>N * 8;
  const panelBytes = <usize>K * 32;
  for (let i = 0; i < M; i += 4) {
    const rows = min(4, M - i);
    const l0 = l + <usize>i * lRow;
    const l1 = rows > 1 ? l0 + lRow : l0;
    const l2 = rows > 2 ? l1 + lRow : l1;
    const l3 = rows > 3 ? l2 + lRow : l2;
    for (let p = 0; p < panels; p++) {
      let b = q + <usize>p * panelBytes;
      let a0 = l0, a1 = l1, a2 = l2, a3 = l3;
      let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
      let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
      let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
      let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        const x0 = v128.load64_splat(a0);
        c00 = f64x2.add(c00, f64x2.mul(x0, b0));
        c01 = f64x2.add(c01, f64x2.mul(x0, b1));
        const x1 = v128.load64_splat(a1);
        c10 = f64x2.add(c10, f64x2.mul(x1, b0));
        c11 = f64x2.add(c11, f64x2.mul(x1, b1));
        const x2 = v128.load64_splat(a2);
        c20 = f64x2.add(c20, f64x2.mul(x2, b0));
        c21 = f64x2.add(c21, f64x2.mul(x2, b1));
        const x3 = v128.load64_splat(a3);
        c30 = f64x2.add(c30, f64x2.mul(x3, b0));
        c31 = f64x2.add(c31, f64x2.mul(x3, b1));
        b += 32;
        a0 += lK; a1 += lK; a2 += lK; a3 += lK;
      }
      const cols = min(4, N - 4 * p);
      const out = c + <usize>i * rowBytes + <usize>p * 32;
      if (rows == 4 && cols == 4) {
        v128.store(out, c00); v128.store(out, c01, 16);
        v128.store(out + rowBytes, c10); v128.store(out + rowBytes, c11, 16);
        v128.store(out + 2 * rowBytes, c20); v128.store(out + 2 * rowBytes, c21, 16);
        v128.store(out + 3 * rowBytes, c30); v128.store(out + 3 * rowBytes, c31, 16);
      } else {
        storePartial(out, c00, c01, cols);
        if (rows > 1) storePartial(out + rowBytes, c10, c11, cols);
        if (rows > 2) storePartial(out + 2 * rowBytes, c20, c21, cols);
        if (rows > 3) storePartial(out + 3 * rowBytes, c30, c31, cols);
      }
    }
  }
}

/** The first `cols` (1…4) of a block row's four entries. */
function storePartial(out: usize, low: v128, high: v128, cols: i32): void {
  f64.store(out, f64x2.extract_lane(low, 0));
  if (cols > 1) f64.store(out, f64x2.extract_lane(low, 1), 8);
  if (cols > 2) f64.store(out, f64x2.extract_lane(high, 0), 16);
  if (cols > 3) f64.store(out, f64x2.extract_lane(high, 1), 24);
}
