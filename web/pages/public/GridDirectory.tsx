export default function GridDirectory() {
  return <h1>GridDirectory</h1>;
}
