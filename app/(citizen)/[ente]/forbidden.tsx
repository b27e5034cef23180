import { ForbiddenMessage } from "@/components/site/forbidden-message";

/** The 403 page inside the ente's frame (its header links the ente's home). */
export default function EnteForbidden() {
  return <ForbiddenMessage home="/" />;
}
