import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES, sniffContentType } from "../../../shared/rules/attachments";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? Array.from(new TextEncoder().encode(p)) : p)));

describe("sniffContentType", () => {
  it("recognises a PDF", () => {
    expect(sniffContentType(bytes("%PDF-1.4\n%\xE2\xE3"))).toBe("application/pdf");
  });
  it("recognises a PNG", () => {
    expect(sniffContentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe("image/png");
  });
  it("recognises a JPEG (JFIF and Exif)", () => {
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe("image/jpeg");
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe1, 0, 0x10]))).toBe("image/jpeg");
  });
  it("recognises a WebP", () => {
    expect(sniffContentType(bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
  });
  it("rejects HTML, even when it mentions PDF", () => {
    expect(sniffContentType(bytes("<!DOCTYPE html><html>"))).toBeNull();
    expect(sniffContentType(bytes("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffContentType(bytes(" %PDF-1.4"))).toBeNull();
  });
  it("rejects an executable", () => {
    expect(sniffContentType(bytes("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0]))).toBeNull();
    expect(sniffContentType(bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toBeNull();
  });
  it("rejects other RIFF files, truncated signatures and empty files", () => {
    expect(sniffContentType(bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "))).toBeNull();
    expect(sniffContentType(bytes("%PDF"))).toBeNull();
    expect(sniffContentType(bytes([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffContentType(new Uint8Array(0))).toBeNull();
  });
  it("caps files at 10 MB", () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
  });
});
