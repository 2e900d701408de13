// Placeholder: being written.
export default function Cases() {
  return null;
}
