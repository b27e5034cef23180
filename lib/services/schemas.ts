/*
 * The shapes a service row's columns hold (status, information sheet, protocol parameters, email texts) live with
 * the table in db/schema/shapes, below the domain (db/schema never imports lib/). The domain and the UI take them
 * from here (components never import db/).
 */
export * from "@/db/schema/shapes/service";
