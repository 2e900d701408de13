export default function Corrections() {
  return <h1>Corrections</h1>;
}
