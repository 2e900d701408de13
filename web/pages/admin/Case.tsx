// Placeholder: being written.
export default function Case() {
  return null;
}
