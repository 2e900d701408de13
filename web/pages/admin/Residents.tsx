export default function Residents() {
  return <h1>Residents</h1>;
}
