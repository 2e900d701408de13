/**
 * Masking for public output (PIPL; DOMAIN.md "Personal information"): names as 张*三,
 * phones as 138****1234. Public officials' names are not masked (they hold public posts).
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "";
  if (chars.length === 1) return "*";
  if (chars.length === 2) return chars[0] + "*";
  return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 8) return "*".repeat(digits.length);
  // Keep the first three only where at least four digits stay hidden between them and the last four.
  const head = digits.length >= 11 ? 3 : 0;
  return digits.slice(0, head) + "*".repeat(digits.length - head - 4) + digits.slice(-4);
}

/** Mainland mobile (11 digits, 1[3-9]x) or a landline with area code, e.g. 021-12345678. */
export function isPhone(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}-?\d{7,8}$/.test(value);
}

/**
 * Free text that will be published for good (hashed into a transparency log) may not carry a
 * phone or ID number: seven or more digits in a run, spaces and dashes between them included.
 */
export function hasPersonalNumber(text: string): boolean {
  return /\d(?:[\s-]*\d){6,}/.test(text);
}
