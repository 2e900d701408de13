export default function NoticePrint() {
  return <h1>NoticePrint</h1>;
}
