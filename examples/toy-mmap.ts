// A toy memory manager to verify (the code under test of verify-toy-mmap.ts):
// a list of regions that merges neighbours with equal protection, as kernels do.
export interface Region {
  start: number
  end: number
  prot: number
}

export class ToyMmap {
  regions: Region[] = []
  constructor(private readonly bugs: { protectForgetsSplit?: boolean } = {}) {}

  mmap(start: number, size: number, prot: number): boolean {
    const end = start + size
    if (this.regions.some((r) => r.start < end && start < r.end)) return false
    this.regions.push({ start, end, prot })
    this.normalize()
    return true
  }

  munmap(start: number, size: number): void {
    const end = start + size
    this.regions = this.regions.flatMap((r) => [
      ...(r.start < start ? [{ ...r, end: Math.min(r.end, start) }] : []),
      ...(r.end > end ? [{ ...r, start: Math.max(r.start, end) }] : []),
    ])
    this.normalize()
  }

  mprotect(start: number, size: number, prot: number): void {
    const end = start + size
    this.regions = this.regions.flatMap((r) => {
      if (r.end <= start || end <= r.start) return [r]
      // The planted bug: re-protect the whole region instead of splitting it.
      if (this.bugs.protectForgetsSplit === true) return [{ ...r, prot }]
      return [
        ...(r.start < start ? [{ ...r, end: start }] : []),
        { start: Math.max(r.start, start), end: Math.min(r.end, end), prot },
        ...(r.end > end ? [{ ...r, start: end }] : []),
      ]
    })
    this.normalize()
  }

  protAt(addr: number): number | undefined {
    return this.regions.find((r) => r.start <= addr && addr < r.end)?.prot
  }

  private normalize(): void {
    this.regions.sort((a, b) => a.start - b.start)
    this.regions = this.regions.reduce<Region[]>((out, r) => {
      const last = out[out.length - 1]
      if (last !== undefined && last.end === r.start && last.prot === r.prot) last.end = r.end
      else out.push({ ...r })
      return out
    }, [])
  }
}
