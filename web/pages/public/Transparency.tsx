export default function Transparency() {
  return <h1>Transparency</h1>;
}
