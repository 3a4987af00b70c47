import { Link } from 'react-router';

/** A flow row's links to its split test and its click simulator. */
export function FlowToolLinks({ base, flow }: { base: string; flow: { id: string; code: string } }) {
  return (
    <>
      <Link
        className="button button-small"
        to={`${base}/${flow.id}/split-test`}
        aria-label={`Split test of flow ${flow.code}`}
      >
        Split test
      </Link>{' '}
      <Link
        className="button button-small"
        to={`${base}/${flow.id}/simulate`}
        aria-label={`Simulate a click on flow ${flow.code}`}
      >
        Simulate
      </Link>
    </>
  );
}
