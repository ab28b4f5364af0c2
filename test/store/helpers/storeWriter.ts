// One of several processes writing into one SQLite store at once (test/store/concurrentWriters.test.ts): from
// `startAt` (ms since the epoch, so all start together), opens the store, binds it, inserts one record and closes
// it, `rounds` times; prints the errors it met as JSON.
import { openSqliteStore } from "../../../sdk/src/store/openSqliteStore.js";

const [path, rounds, startAt, writer] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const byte = (n: number) => (n % 256).toString(16).padStart(2, "0");
const errors: string[] = [];
while (Date.now() < startAt) await new Promise((resolve) => setTimeout(resolve, 1));
for (let round = 0; round < rounds; round++) {
  try {
    const store = await openSqliteStore({ path });
    try {
      await store.bindDeployment({ chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", publisher: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" });
      await store.insertRecords([
        {
          modelId: `0x${"11".repeat(32)}`,
          requestHash: `0x${"00".repeat(32)}`,
          responseHash: `0x${byte(writer)}${byte(round >> 8)}${byte(round)}${"22".repeat(29)}`,
          timestamp: 1n,
          encoding: "utf8",
          responseSalt: `0x${"33".repeat(32)}`,
          requestSalt: null,
          signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
          signature: `0x${"44".repeat(65)}`,
          leaf: `0x${"55".repeat(32)}`,
        },
      ]);
    } finally {
      await store.close();
    }
  } catch (error) {
    errors.push((error as Error).message);
  }
}
console.log(JSON.stringify(errors));
