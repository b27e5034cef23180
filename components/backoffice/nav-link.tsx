"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A back-office menu entry that marks the current page (aria-current) for screen readers and the eye. */
export function NavLink({ href, exact = false, children }: { href: string; exact?: boolean; children: React.ReactNode }) {
  const path = usePathname();
  const active = exact ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={active ? "page" : undefined} className={`block border-b-4 px-3 py-2 no-underline ${active ? "border-primary text-primary-darker" : "border-transparent text-ink hover:border-line"}`}>
      {children}
    </Link>
  );
}
