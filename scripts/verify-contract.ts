// Publishes AIAttest's source on block explorers (Etherscan, Blockscout, Sourcify) through hardhat-verify, for the
// canonical deployment on one public chain. Run: npm run verify:contract -- --network <name> [--provider <name>]
// The RPC is AIATTEST_RPC_URL; Etherscan needs ETHERSCAN_API_KEY. Checks before it sends anything: the network is
// known, the RPC answers with that network's chain id, and the canonical address holds AIAttest's code.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createPublicClient, http } from "viem";
import { getCanonicalAttestAddress } from "../sdk/src/deployment/getCanonicalAttestAddress.js";
import { isAttestRuntimeCode } from "../sdk/src/verify/isAttestRuntimeCode.js";
import { describeRpcUrl } from "../sdk/src/config/describeRpcUrl.js";
import { splitRpcUrls } from "../sdk/src/config/rpcTransport.js";
import { publicChains } from "../hardhat.config.js";

const providers = ["etherscan", "blockscout", "sourcify"] as const;
type Provider = (typeof providers)[number];
const usage = `Usage: npm run verify:contract -- --network <name> [--provider ${providers.join("|")}]
Networks: ${Object.keys(publicChains).join(", ")}
Settings: AIATTEST_RPC_URL (an RPC of that chain), ETHERSCAN_API_KEY (Etherscan), BLOCKSCOUT_API_KEY (only for Blockscout
instances that require one), SOURCIFY_API_URL (another Sourcify server).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

let values: { network?: string | undefined; provider?: string | undefined; help?: boolean | undefined };
try {
  ({ values } = parseArgs({ options: { network: { type: "string" }, provider: { type: "string" }, help: { type: "boolean", short: "h" } } }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (values.network === undefined) fail("No network: pass --network <name>, the public chain AIAttest is deployed on.");
const network = values.network;
if (!Object.hasOwn(publicChains, network)) fail(`Unknown network "${network}".`);
const chainId = publicChains[network as keyof typeof publicChains];
const provider = values.provider as Provider | undefined;
if (provider !== undefined && !providers.includes(provider)) fail(`Unknown provider "${provider}": one of ${providers.join(", ")}.`);

const rpcUrl = splitRpcUrls(process.env.AIATTEST_RPC_URL ?? "")[0];
if (rpcUrl === undefined) fail(`No RPC: set AIATTEST_RPC_URL to an RPC of ${network} (chain ${chainId}).`);
const hasEtherscanKey = Boolean(process.env.ETHERSCAN_API_KEY);
if (provider === "etherscan" && !hasEtherscanKey) fail("No Etherscan API key: set ETHERSCAN_API_KEY (an Etherscan V2 key serves every chain).");

// check the chain before asking any explorer: the right chain, and AIAttest's code at the canonical address
const address = getCanonicalAttestAddress();
const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 1 }) });
let code: `0x${string}` | undefined;
try {
  const remoteChainId = await client.getChainId();
  if (remoteChainId !== chainId) fail(`The RPC ${describeRpcUrl(rpcUrl)} serves chain ${remoteChainId}, not ${network} (${chainId}).`);
  code = await client.getCode({ address });
} catch (error) {
  process.stderr.write(`Could not read the chain through ${describeRpcUrl(rpcUrl)}: ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}\n`);
  process.exit(3);
}
if (code === undefined || code === "0x") fail(`AIAttest is not deployed on ${network} at its canonical address ${address}: run \`aiattest deploy\` first.`);
if (!isAttestRuntimeCode(code)) fail(`The code at ${address} on ${network} is not this AIAttest version's: nothing to verify from this source.`);

if (provider === undefined && !hasEtherscanKey) process.stdout.write("Etherscan skipped: set ETHERSCAN_API_KEY to verify there too.\n");
// AIAttest's constructor takes no arguments; the default build profile is the one the canonical bytecode comes from
const hardhatCli = fileURLToPath(new URL("../node_modules/hardhat/dist/src/cli.js", import.meta.url));
const args = [hardhatCli, "--build-profile", "default", "verify", ...(provider ? [provider] : []), "--network", network, "--contract", "contracts/AIAttest.sol:AIAttest", address];
process.stdout.write(`Verifying AIAttest at ${address} on ${network} (chain ${chainId})…\n`);
const child = spawn(process.execPath, args, { stdio: "inherit", env: process.env });
child.on("exit", (exitCode, signal) => process.exit(exitCode ?? (signal ? 1 : 0)));
