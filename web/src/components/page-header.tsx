import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Text,
  Title2,
  Toolbar,
} from '@fluentui/react-components';
import { Fragment, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { usePageHeaderStyles } from './page-header.styles';

export interface Crumb {
  label: string;
  /** Link target; the last crumb (the current page) has none. */
  to?: string;
}

export interface PageHeaderProps {
  title: string;
  /** @default [] */
  breadcrumb?: Crumb[];
  /** @default undefined */
  description?: ReactNode;
  /** Command bar content (buttons), rendered in a labelled Fluent Toolbar. @default undefined */
  commands?: ReactNode;
}

/** Page title with breadcrumb and a command bar, as in the Azure portal. */
export function PageHeader({ title, breadcrumb = [], description, commands }: PageHeaderProps) {
  const styles = usePageHeaderStyles();
  const navigate = useNavigate();
  return (
    <header className={styles.root}>
      {breadcrumb.length > 0 && (
        <Breadcrumb aria-label="Breadcrumb">
          {breadcrumb.map((crumb, i) => (
            <Fragment key={crumb.label}>
              <BreadcrumbItem>
                {crumb.to ? (
                  <BreadcrumbButton
                    as="a"
                    href={crumb.to}
                    onClick={(event) => {
                      event.preventDefault();
                      if (crumb.to) void navigate(crumb.to);
                    }}
                  >
                    {crumb.label}
                  </BreadcrumbButton>
                ) : (
                  <BreadcrumbButton current>{crumb.label}</BreadcrumbButton>
                )}
              </BreadcrumbItem>
              {i < breadcrumb.length - 1 && <BreadcrumbDivider />}
            </Fragment>
          ))}
        </Breadcrumb>
      )}
      <div className={styles.titleRow}>
        <Title2 as="h1">{title}</Title2>
        {commands && <Toolbar aria-label={`${title} commands`}>{commands}</Toolbar>}
      </div>
      {description && <Text className={styles.description}>{description}</Text>}
    </header>
  );
}
