// Placeholder: being written.
export default function FileCase() {
  return null;
}
