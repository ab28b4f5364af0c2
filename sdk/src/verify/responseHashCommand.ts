import type { Hash } from "viem";
import { InvalidArgumentError } from "../errors/InvalidArgumentError.js";
import type { ContentEncoding } from "../types/ContentEncoding.js";
import { bytes32Pattern } from "../types/bytes32Pattern.js";

export type ResponseHashCommandParameters = {
  /** The bundle's `content.responseSalt`. */
  salt: Hash;
  /** The bundle's `content.encoding`. */
  encoding: ContentEncoding;
  /** The response file's name as the command should show it (default `response.txt`). */
  file?: string | undefined;
};

// Keccak-256 in plain JavaScript (BigInt lanes, round constants and rotations generated as in the Keccak team's
// compact reference code): Node has no keccak (its sha3-256 pads differently), and an auditor should not need this
// SDK, nor a download, to recompute the one hash an explorer cannot. Tested against viem's keccak256 and run on Node 20.
const keccakSource =
  'const K=d=>{const M=(1n<<64n)-1n,r=(a,n)=>((a<<BigInt(n))|(a>>BigInt(64-n)))&M,s=Array(25).fill(0n),R=136,p=Buffer.alloc((Math.floor(d.length/R)+1)*R);d.copy(p);p[d.length]^=1;p[p.length-1]^=128;for(let o=0;o<p.length;o+=R){let L=1;for(let i=0;i<17;i++)s[i]^=p.readBigUInt64LE(o+8*i);for(let n=0;n<24;n++){const C=[0,1,2,3,4].map(x=>s[x]^s[x+5]^s[x+10]^s[x+15]^s[x+20]);for(let x=0;x<5;x++)for(let y=0;y<25;y+=5)s[x+y]^=C[(x+4)%5]^r(C[(x+1)%5],1);let x=1,y=0,c=s[1];for(let t=0;t<24;t++){[x,y]=[y,(2*x+3*y)%5];const q=s[x+5*y];s[x+5*y]=r(c,(t+1)*(t+2)/2%64);c=q}for(let y=0;y<25;y+=5){const T=s.slice(y,y+5);for(let x=0;x<5;x++)s[y+x]=T[x]^(~T[(x+1)%5]&M&T[(x+2)%5])}for(let j=0;j<7;j++){L=((L<<1)^((L>>7)*113))&255;if(L&2)s[0]^=1n<<BigInt((1<<j)-1)}}}const h=Buffer.alloc(32);for(let i=0;i<4;i++)h.writeBigUInt64LE(s[i],8*i);return"0x"+h.toString("hex")};';

// RFC 8785 for values JSON.parse gives: keys sorted by UTF-16 code units, strings and numbers as ECMAScript prints them
const jcsSource = 'J=v=>v===null||typeof v!="object"?JSON.stringify(v):Array.isArray(v)?"["+v.map(J).join(",")+"]":"{"+Object.keys(v).sort().map(k=>JSON.stringify(k)+":"+J(v[k])).join(",")+"}";';

// what the SDK refuses and JSON.parse lets through (PROTOCOL §2, I-JSON): the file's bytes must be UTF-8 (one leading
// byte-order mark is dropped, as a fatal TextDecoder does), and no object may repeat a member name (JSON.parse keeps the
// last, another parser the first) nor any string hold a lone surrogate. Every string is consumed whole by the scan, so
// a quote or brace inside one is never read as structure; the text has already parsed as JSON
const strictJsonSource = String.raw`E=m=>{console.error("not a valid jcs response: "+m);process.exit(1)};t=f.toString("utf8");if(!Buffer.from(t).equals(f))E("the file is not UTF-8");t=t.replace(/^\uFEFF/,"");try{v=JSON.parse(t)}catch(e){E("the file is not JSON")}S=[];for(const m of t.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?|[{}[\]]/g)){const c=m[0];if(c=="{"||c=="[")S.push(c=="{"?new Set:null);else if(c=="}"||c=="]")S.pop();else{const k=JSON.parse(m[1]?c.slice(0,-m[1].length):c);if(/[\uD800-\uDFFF]/u.test(k))E("a string holds a lone surrogate");if(m[1]){if(S[S.length-1].has(k))E("an object has two members named "+JSON.stringify(k));S[S.length-1].add(k)}}};`;

/**
 * A one-line shell command that recomputes a response's hash from its file with nothing but Node (any version
 * from 12): `keccak256(salt ‖ file bytes)` for `utf8`, and for `jcs`
 * `keccak256(keccak256(salt ‖ "aiattest:jcs") ‖ RFC 8785 form of the file's JSON)`, as PROTOCOL §2 defines them. For `jcs` it
 * refuses, exiting 1 with the reason, what the SDK refuses: bytes that are not UTF-8, a repeated member name, a lone surrogate.
 * It prints the hash: equal to the bundle's `output.responseHash`, the file is the response that was signed.
 * This is the one step a block explorer cannot do; the command is written for a POSIX shell (single quotes).
 *
 * @throws {InvalidArgumentError} if the salt is not 32 bytes of hex, or the file name holds a quote or a control character.
 * @example
 * responseHashCommand({ salt: bundle.content.responseSalt, encoding: bundle.content.encoding, file: "answer.txt" })
 * // node -e 'K=…;…' answer.txt
 */
export function responseHashCommand({ salt, encoding, file = "response.txt" }: ResponseHashCommandParameters): string {
  if (!bytes32Pattern.test(salt)) throw new InvalidArgumentError({ argument: "salt", expected: "32 bytes of 0x-hex", received: String(salt) });
  // the file name is pasted into a shell: only names that need no quoting
  if (!/^[\w./@+][\w./@+-]*$/.test(file)) {
    throw new InvalidArgumentError({ argument: "file", expected: "a file name of letters, digits and . / _ @ + -", received: JSON.stringify(file) });
  }
  const saltHex = salt.slice(2).toLowerCase();
  const read = 'f=require("fs").readFileSync(process.argv[1])';
  const hashed =
    encoding === "jcs"
      ? `${jcsSource}${strictJsonSource}s=Buffer.from(K(Buffer.concat([Buffer.from("${saltHex}","hex"),Buffer.from("aiattest:jcs")])).slice(2),"hex");console.log(K(Buffer.concat([s,Buffer.from(J(v))])))`
      : `console.log(K(Buffer.concat([Buffer.from("${saltHex}","hex"),f])))`;
  return `node -e '${keccakSource}${read};${hashed}' ${file}`;
}
