/**
 * When an anchor sent now can land, in unix seconds, both ends included. `earliest` is the latest block's time:
 * a later block is never earlier, and on chains where consecutive blocks may share a timestamp (some L2s, Hardhat
 * with `allowBlocksWithSameTimestamp`) it may be exactly that, so `latest + 1` would be wrong. `latest` adds the
 * time an anchor is expected to take to be mined (`signerMargin`) to the chain's time estimate. A window check
 * over this range must hold at both ends: the anchor's real time is only known once it is mined.
 */
export type AnchorTimeRange = { earliest: bigint; latest: bigint };
