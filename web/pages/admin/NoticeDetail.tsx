export default function NoticeDetail() {
  return <h1>NoticeDetail</h1>;
}
