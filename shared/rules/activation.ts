/** One-time activation codes for resident accounts: 14 days, unambiguous characters. */
export const ACTIVATION_DAYS = 14;
const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I

export function newActivationCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** What residents type may differ in case, spaces and dashes; this is the form that is hashed. */
export function normalizeActivationCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, "");
}

export function activationExpiresAt(issuedAt: number): number {
  return issuedAt + ACTIVATION_DAYS * 86_400_000;
}
