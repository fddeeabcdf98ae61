// A one-line confirmation of what just happened ("saved", "exported to …"), read out by
// screen readers as a status.
export function Notice(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <p className="notice" role="status">
      {props.text}
    </p>
  );
}
