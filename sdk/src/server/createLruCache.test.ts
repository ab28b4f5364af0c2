import { expect, test } from "vitest";
import { createLruCache } from "./createLruCache.js";

test("evicts the least recently used entries once the sizes exceed maxBytes; a hit refreshes an entry", () => {
  const cache = createLruCache<string>({ maxBytes: 10 });
  cache.set(1, "a", 4);
  cache.set(2, "b", 4);
  expect(cache.get(1)).toBe("a"); // 2 is now the oldest
  cache.set(3, "c", 4);
  expect([cache.get(1), cache.get(2), cache.get(3)]).toEqual(["a", undefined, "c"]);
  cache.set(1, "a2", 2); // replacing frees the old size
  cache.set(4, "d", 4);
  expect([cache.get(1), cache.get(3), cache.get(4), cache.size]).toEqual(["a2", "c", "d", 3]);
  cache.set(5, "too big", 11);
  expect([cache.get(5), cache.size]).toEqual([undefined, 3]);
});

test("delete drops an entry and frees its size", () => {
  const cache = createLruCache<string>({ maxBytes: 8 });
  cache.set(1, "a", 4);
  cache.set(2, "b", 4);
  cache.delete(1);
  cache.delete(9);
  cache.set(3, "c", 4);
  expect([cache.get(1), cache.get(2), cache.get(3), cache.size]).toEqual([undefined, "b", "c", 2]);
});
