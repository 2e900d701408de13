// Placeholder: being written.
export default function CaseStats() {
  return null;
}
