import { createContext, useContext } from 'react';

/** The organisation the console is looking at; always inside the cadre's scope. */
export const CurrentOrganisation = createContext<{ id: number | null }>({ id: null });
export const useCurrentOrganisation = () => useContext(CurrentOrganisation);
