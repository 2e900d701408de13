const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** ULID-like id: 10 chars of time then 16 random chars, sortable and not enumerable. */
export function newId(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b % 32];
  return time + rand;
}
