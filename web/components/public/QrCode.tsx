import { renderSVG } from "uqr";

/**
 * A QR code drawn locally as SVG (no network, nothing user-supplied but the URL, which uqr
 * encodes into module paths), so inserting the markup is safe. Import it only from lazy code.
 */
export default function QrCode(props: { value: string; label: string; class?: string }) {
  return (
    <div
      class={`qr ${props.class ?? ""}`}
      role="img"
      aria-label={props.label}
      innerHTML={renderSVG(props.value, { border: 2, ecc: "M" })}
    />
  );
}
