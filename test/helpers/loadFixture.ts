import type { TestClient } from "@nomicfoundation/hardhat-viem/types";
import type { Hex } from "viem";

const snapshots = new Map<() => Promise<unknown>, { id: Hex; fixture: { testClient: TestClient } }>();

/**
 * Runs `fixture` once per test file, then hands every later caller the same chain reverted to the state
 * right after it (an `evm_snapshot` / `evm_revert` pair), so tests stay independent without redeploying.
 */
export async function loadFixture<T extends { testClient: TestClient }>(fixture: () => Promise<T>): Promise<T> {
  const cached = snapshots.get(fixture);
  if (cached) {
    await cached.fixture.testClient.revert({ id: cached.id });
    // a snapshot is consumed by reverting to it
    cached.id = await cached.fixture.testClient.snapshot();
    return cached.fixture as T;
  }
  const result = await fixture();
  snapshots.set(fixture, { id: await result.testClient.snapshot(), fixture: result });
  return result;
}
