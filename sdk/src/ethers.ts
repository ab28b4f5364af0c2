// @aiattest/sdk/ethers: adapters for ethers v6 users (ethers is an optional peer dependency).
export { ethersProviderToClient } from "./adapters/ethers/ethersProviderToClient.js";
export { ethersSignerToAccount } from "./adapters/ethers/ethersSignerToAccount.js";
