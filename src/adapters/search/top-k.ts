/**
 * Positions of the `k` best of `count` candidates, best first: higher `keys[i]` first, then lower `ties[i]`.
 * A bounded heap, so a page of 20 out of 200,000 matches costs one pass and no full sort.
 */
export function topK(count: number, k: number, keys: Float64Array, ties: Int32Array): Int32Array {
  const size = Math.min(k, count);
  const better = (a: number, b: number) =>
    (keys[a] as number) > (keys[b] as number) ||
    ((keys[a] as number) === (keys[b] as number) && (ties[a] as number) < (ties[b] as number));
  const heap = new Int32Array(size);
  let length = 0;
  // A min-heap on "better": the root is the worst of the best so far.
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < length && better(heap[worst] as number, heap[left] as number)) worst = left;
      if (right < length && better(heap[worst] as number, heap[right] as number)) worst = right;
      if (worst === i) return;
      const t = heap[i] as number;
      heap[i] = heap[worst] as number;
      heap[worst] = t;
      i = worst;
    }
  };
  for (let p = 0; p < count && size > 0; p++) {
    if (length < size) {
      let i = length++;
      heap[i] = p;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!better(heap[parent] as number, heap[i] as number)) break;
        const t = heap[i] as number;
        heap[i] = heap[parent] as number;
        heap[parent] = t;
        i = parent;
      }
    } else if (better(p, heap[0] as number)) {
      heap[0] = p;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
