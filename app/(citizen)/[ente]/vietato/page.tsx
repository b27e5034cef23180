import { forbidden } from "next/navigation";

/**
 * Where requireStaff sends a signed-in user whose role does not allow the page: answers HTTP 403 through the
 * segment's forbidden.tsx (inside the ente's header and footer).
 */
export default function Forbidden(): never {
  forbidden();
}
