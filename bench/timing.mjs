// A small timing helper shared by the focused benches (merging, linux, replay):
// warm up, then time batches of ~5 ms and report the median ns per call. The
// median of batches is robust on a shared, noisy machine; ratios between sizes
// measured in one run are what the docs quote.
const hr = process.hrtime.bigint

/** Median ns per call of `fn(i)` over ~5 ms batches for about `ms` milliseconds. */
export function nsPerCall(fn, ms = 400) {
  let sink = 0
  const time = (k) => {
    const t0 = hr()
    for (let i = 0; i < k; i++) sink ^= fn(i) === undefined ? 0 : 1
    return Number(hr() - t0)
  }
  let k = 1
  while (time(k) < 5e6) k *= 2 // calibrate
  const warm = Date.now() + Math.min(ms, 200)
  while (Date.now() < warm) time(k) // warm up: let the JIT settle before sampling
  const samples = []
  const end = Date.now() + ms
  while (Date.now() < end || samples.length < 5) samples.push(time(k) / k)
  samples.sort((a, b) => a - b)
  if (sink === 42) console.error('') // keep `sink` alive
  return samples[samples.length >> 1]
}

/** Prints a Markdown table of ops x sizes with the ratio of the last size to the first. */
export function report(title, sizes, rows) {
  const fmt = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} us` : `${ns.toFixed(0)} ns`)
  console.log(`\n### ${title}\n`)
  console.log(`| operation | ${sizes.map((n) => `n = ${n.toLocaleString('en-US')}`).join(' | ')} | ratio |`)
  console.log(`| --- | ${sizes.map(() => '---:').join(' | ')} | ---: |`)
  for (const [name, figures] of rows) {
    const ratio = figures[figures.length - 1] / figures[0]
    console.log(`| ${name} | ${figures.map(fmt).join(' | ')} | ${ratio.toFixed(2)}x |`)
  }
}
