// The suite for a workspace opened in Restricted Mode (not trusted).
import "./restricted/restricted-mode.test";
