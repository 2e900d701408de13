export default function NoticeList() {
  return <h1>NoticeList</h1>;
}
