export default function Objections() {
  return <h1>Objections</h1>;
}
