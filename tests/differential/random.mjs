// A small seeded pseudo-random generator (splitmix64 over BigInt-free 32-bit halves: mulberry32),
// so a --seed reproduces the same tables and queries on every machine.
export class Random {
  constructor(seed) {
    this.state = (Number(seed) >>> 0) ^ 0x9e3779b9;
  }

  // Returns a float in [0, 1).
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // Returns an integer in [low, high].
  int(low, high) {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability) {
    return this.next() < probability;
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  // Picks a key of 'weights' ({name: weight}) with probability proportional to its weight.
  weighted(weights) {
    const entries = Object.entries(weights);
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let point = this.next() * total;
    for (const [name, weight] of entries) {
      point -= weight;
      if (point < 0) return name;
    }
    return entries[entries.length - 1][0];
  }
}
