export default function Households() {
  return <h1>Households</h1>;
}
