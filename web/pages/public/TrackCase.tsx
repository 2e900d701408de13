// Placeholder: being written.
export default function TrackCase() {
  return null;
}
