/** The part an address plays, indexed by the contract's `KeyRole` enum value. */
export const keyRoles = ["none", "publisher", "signer", "anchorer"] as const;
export type KeyRole = (typeof keyRoles)[number];

/** The contract's `KeyRole` values of the two roles a key can be authorized for. */
export const keyRoleIds = { signer: keyRoles.indexOf("signer"), anchorer: keyRoles.indexOf("anchorer") } as const;
